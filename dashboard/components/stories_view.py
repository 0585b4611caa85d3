"""Stories of places: an area's stories on its profile, and the form and controls editors
tell and change them with."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import streamlit as st

from dashboard.components import records_view
from dashboard.components.records_view import who
from dashboard.state import flash
from dashboard.text import plain
from data.errors import RecordError
from data.store.models import NOTE_SOURCES
from data.store.notes import is_public
from data.store.stories import StoryStore, featured_first


def card(story: Mapping, names: Mapping[str, str], borough: str, staff: bool = False) -> None:
    """One story: its title, the story, what changed, and where it comes from.

    Parameters
    ----------
    story : Mapping
        The story.
    names : Mapping
        Area codes and their names.
    borough : str
        The borough's name, for a story of the whole of it.
    staff : bool
        Also say who may read it and when it was last changed (for editors).
    """
    where = "; ".join(names.get(c, c) for c in story["areas"]) or f"the whole of {borough}"
    st.markdown(f"**{plain(story['title'])}**" + (" · :blue-badge[Featured]"
                                                  if story["featured"] else ""))
    st.markdown(plain(story["story"]))
    if story["what_changed"]:
        st.markdown(f"**What changed:** {plain(story['what_changed'])}")
    if story["picture_caption"]:
        st.caption(f"Picture: {plain(story['picture_caption'])}")
    st.caption(plain(f"{story['story_date']:%-d %B %Y} · told by {story['author']} · "
                     f"{story['source']} · {where}" + (f" · {'; '.join(story['themes'])}"
                                                        if story["themes"] else "")))
    if staff:
        records_view.staff_line(story, is_public({**story, "retired": False}))


def form(key: str, story: Mapping, places: Mapping[str, str], themes: list[str],
         areas: list[str] | None = None) -> dict | None:
    """A form for a story's fields; returns them when submitted.

    Parameters
    ----------
    key : str
        The form's key; its fields are keyed by it, so what a person typed stays while a
        colleague's newer version is shown above it.
    story : Mapping
        The story being changed (empty for a new one).
    places : Mapping
        The area codes a story can belong to, with their names.
    themes : list of str
        The theme list (the story's own themes are offered too).
    areas : list of str, optional
        The areas a new story starts with.
    """
    with st.form(key, clear_on_submit=not story):
        title = st.text_input("Title", story.get("title", ""), key=f"{key}_title")
        told = st.text_area("The story: what happened, how and why", story.get("story", ""),
                            height=160, key=f"{key}_story")
        changed = st.text_area("What changed", story.get("what_changed", ""), height=68,
                               key=f"{key}_changed")
        left, middle, right = st.columns(3)
        when = left.date_input("Date", story.get("story_date") or date.today(),
                               format="DD/MM/YYYY", key=f"{key}_date")
        author = middle.text_input("Told or gathered by", story.get("author", who()),
                                   key=f"{key}_author")
        source = right.selectbox("Source", NOTE_SOURCES,
                                 index=NOTE_SOURCES.index(story.get("source", NOTE_SOURCES[0])),
                                 key=f"{key}_source")
        chosen_areas, chosen = records_view.placing(
            story, key, places, themes, "Areas it belongs to (none: the whole borough)", areas)
        caption = st.text_input("Words describing a picture to go with it (optional; no "
                                "photograph is uploaded)", story.get("picture_caption", ""),
                                key=f"{key}_caption")
        left, right = st.columns(2)
        visibility = records_view.visibility(left, story, key)
        featured = right.checkbox("Feature it in meeting mode and briefings",
                                  story.get("featured", False), key=f"{key}_featured")
        consent = st.checkbox("The people in it agreed to it being made public",
                              story.get("consent", False), key=f"{key}_consent",
                              help="Without consent a story stays with staff, whatever 'Who "
                              "may read it' says.")
        fields = records_view.privacy_check(story, key)
        if st.form_submit_button("Save story" if story else "Add story", type="primary"):
            return {"title": title, "story": told, "what_changed": changed,
                    "story_date": when, "author": author, "source": source,
                    "areas": chosen_areas, "themes": chosen, "picture_caption": caption,
                    "visibility": visibility, "featured": featured, "consent": consent,
                    **fields}
    return None


def edit_controls(store: StoryStore, story: dict, places: Mapping[str, str],
                  themes: list[str], borough: str) -> None:
    """The edit form, the retire button and the history of a story (see
    :func:`~dashboard.components.records_view.save_or_retire`)."""
    changes = form(f"story_edit_{story['id']}", story, places, themes)
    records_view.save_or_retire(store, story, changes,
                                lambda s: card(s, places, borough, staff=True),
                                areas=list(places), themes=[*themes, *story["themes"]])
    records_view.history(store, story["id"])


def stories_panel(store: StoryStore, lad_code: str, code: str, within: list[str],
                  names: Mapping[str, str], borough: str, editable: bool,
                  themes: list[str]) -> None:
    """An area's stories (its own, its LSOAs' and the whole borough's; featured ones first),
    and, for editors, the controls to tell and change them.

    Viewers see public stories only (see :func:`data.store.notes.is_public`).
    """
    st.markdown("#### Stories")
    stories = featured_first(store.stories(lad_code, areas=within, public=not editable))
    if not stories:
        st.caption("No story has been told about this area yet." + (
            " Stories are longer than notes: how and why something changed, told by the "
            "people it happened to." if editable else ""))
    for story in stories:
        with st.container(border=True):
            card(story, names, borough, staff=editable)
            if editable:
                with st.expander("Edit, retire or see the history"):
                    edit_controls(store, story, names, themes, borough)
    if editable:
        tell(store, "Tell a story", "story_add", lad_code, names, themes, areas=[code])


def tell(store: StoryStore, label: str, key: str, lad_code: str, names: Mapping[str, str],
         themes: list[str], areas: list[str] | None = None) -> None:
    """An expander (``label``) with the form that tells a new story of a borough, starting
    with ``areas`` (none: the whole borough)."""
    with st.expander(label):
        fields = form(key, {}, names, themes, areas=areas)
        if fields is not None:
            try:
                store.add({**fields, "lad_code": lad_code}, who(), areas=list(names),
                          themes=themes)
                flash("Story added.")
                st.rerun()
            except RecordError as error:
                st.error(plain(str(error)))
