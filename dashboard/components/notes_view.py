"""A neighbourhood's qualitative notes: read, filter, add, edit, retire; export and import."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard.components import records_view
from dashboard.components.records_view import who
from dashboard.state import flash, show_flash
from dashboard.text import plain
from data.errors import RecordError
from data.stats.suppression import suppression_rule
from data.stats.themes import theme_sentences, theme_table
from data.store.models import NOTE_SOURCES, VISIBILITIES
from data.store.notes import NoteStore, is_public


def _note_form(key: str, note: dict, indicators: dict[str, str], themes: list[str]
               ) -> dict | None:
    """A form for a note's fields; returns them when submitted.

    Its fields are keyed by the form, so what a person typed stays while a colleague's
    newer version of the note is shown above it. Themes come from the theme list (and
    the note's own, should one of them have been retired since).
    """
    with st.form(key, clear_on_submit=not note):
        text = st.text_area("What was said or seen", note.get("text", ""), height=110,
                            key=f"{key}_text")
        left, middle, right = st.columns(3)
        when = left.date_input("Date", note.get("note_date") or date.today(),
                               format="DD/MM/YYYY", key=f"{key}_date")
        author = middle.text_input("Author or who gathered it", note.get("author", who()),
                                   key=f"{key}_author")
        source = right.selectbox("Source", NOTE_SOURCES,
                                 index=NOTE_SOURCES.index(note.get("source", NOTE_SOURCES[0])),
                                 key=f"{key}_source")
        left, middle, right = st.columns(3)
        chosen = left.multiselect("Themes", list(dict.fromkeys([*themes,
                                                                *note.get("themes", [])])),
                                  note.get("themes", []), key=f"{key}_themes",
                                  placeholder="Choose themes",
                                  help="The theme list is kept on the Community "
                                  "conversations page.")
        visibility = records_view.visibility(middle, note, key)
        options = [""] + list(indicators)
        indicator = right.selectbox(
            "Linked indicator (optional)", options,
            index=options.index(note.get("indicator") or ""),
            format_func=lambda c: indicators.get(c, "none"), key=f"{key}_indicator")
        consent = st.checkbox("The person agreed to their words being made public",
                              note.get("consent", False), key=f"{key}_consent",
                              help="Without consent a note stays with staff, whatever "
                              "'Who may read it' says.")
        fields = records_view.privacy_check(note, key)
        if st.form_submit_button("Save note" if note else "Add note", type="primary"):
            return {"text": text, "note_date": when, "author": author, "source": source,
                    "themes": chosen, "visibility": visibility, "indicator": indicator,
                    "consent": consent, **fields}
    return None


def _show(note: dict, indicators: dict[str, str]) -> None:
    why = records_view.held_back(note, is_public({**note, "retired": False}))
    badge = "Internal" if note["visibility"] == "internal" else \
        f"Marked public, held back: {why}" if why else "Public"
    themes = f" · {', '.join(note['themes'])}" if note["themes"] else ""
    linked = f" · about {indicators.get(note['indicator'], note['indicator'])}" \
        if note["indicator"] else ""
    retired = " · **retired**" if note["retired"] else ""
    st.markdown(f"**{note['note_date']:%d %b %Y}** · {plain(note['source'])} · {badge}"
                f"{plain(themes)}{plain(linked)}{retired}  \n{plain(note['text'])}")
    st.caption(f"{plain(note['author'])} · version {note['version']}, last changed by "
               f"{plain(note['updated_by'])} on {note['updated_at']:%d %b %Y %H:%M}")


def _edit_controls(store: NoteStore, note: dict, indicators: dict[str, str],
                   areas: list[str], themes: list[str]) -> None:
    """The edit form and the retire button of a note (see
    :func:`~dashboard.components.records_view.save_or_retire`)."""
    changes = _note_form(f"note_edit_{note['id']}", note, indicators, themes)
    records_view.save_or_retire(store, note, changes, lambda n: _show(n, indicators),
                                _rerun_panel, areas=areas, indicators=list(indicators))


def _rerun_panel() -> None:
    """Run the notes panel again (the whole page, when it is not running as a fragment)."""
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:  # a full run of the page, not the panel's own
        st.rerun()


#: The periods themes can be counted over, by how they are offered.
PERIODS = {"the last 3 months": 91, "the last 12 months": 365, "the last 2 years": 730,
           "all time": None}


def _themes_raised(store: NoteStore, within: list[str], borough: tuple[str, list[str]],
                   editable: bool) -> None:
    """The area's themes over a chosen period, against the borough's: every count for staff,
    counts under the small-number threshold hidden for everyone else."""
    name, codes = borough
    period = st.selectbox("Themes raised over", list(PERIODS), index=1, key="notes_period")
    days = PERIODS[period]
    records = store.notes(area=codes, visibility=None if editable else "public")
    table = theme_table(records, set(within), set(codes),
                        since=date.today() - timedelta(days=days) if days else None)
    if table.empty:
        st.caption(f"No record raised a theme here over {period}.")
        return
    said = theme_sentences(table, name, None if editable else suppression_rule())
    st.markdown("\n".join(f"- {plain(line)}" for line in said))
    st.caption(f"Out of {table.attrs['records']:,} records here and "
               f"{table.attrs['borough_records']:,} across {plain(name)} over {period}"
               + (", internal ones included (staff view)." if editable else
                  f"; public records only. {suppression_rule().describe()}"))


@st.fragment
def notes_panel(store: NoteStore, area: str, area_name: str, indicators: dict[str, str],
                areas: list[str], editable: bool, within: list[str] | None = None,
                themes: list[str] | None = None,
                borough: tuple[str, list[str]] | None = None) -> None:
    """Show one area's notes, and let editors add and change them.

    Viewers see public notes only (see :func:`data.store.notes.is_public`), and no editing
    control. A fragment: searching, adding or changing a note reruns this panel only, not
    the whole page.

    Parameters
    ----------
    store : NoteStore
        Where notes are kept.
    area, area_name : str
        The area's code and name; notes added here are stored against the code.
    indicators : dict
        Indicator codes and names a note can be linked to.
    areas : list of str
        Every known area code, to check imports against.
    editable : bool
        Whether the user may add and change notes (and see internal ones).
    within : list of str, optional
        The codes whose notes the area shows: its own and its LSOAs' (only its own
        when not given).
    themes : list of str, optional
        The theme list, for the form.
    borough : tuple of (str, list of str), optional
        The borough's name and every code its notes are stored against, to compare the
        area's themes with (no comparison when not given).
    """
    within = within or [area]
    themes = themes or []
    show_flash()  # what the last change did, after the panel's own rerun
    st.markdown(f"#### What people say about {plain(area_name)}")
    if borough is not None:
        _themes_raised(store, within, borough, editable)
    search, source, theme, shown = st.columns([3, 2, 2, 2])
    text = search.text_input("Search the notes", key="notes_search")
    chosen_source = source.selectbox("Source", ["any"] + list(NOTE_SOURCES), key="notes_source")
    # what the filters offer comes from what this person may read: a viewer never learns
    # the themes of internal or retired notes
    every = store.notes(area=within, include_retired=editable,
                        visibility=None if editable else "public")
    themes = sorted({t for n in every for t in n["themes"]})
    chosen_theme = theme.selectbox("Theme", ["any"] + themes, key="notes_theme")
    if editable:
        visibility = shown.selectbox("Visibility", ["any", *VISIBILITIES],
                                     key="notes_visibility")
        include_retired = st.checkbox("Show retired notes", key="notes_retired")
    else:
        visibility, include_retired = "public", False
    notes = store.notes(
        area=within, include_retired=include_retired, search=text,
        source=None if chosen_source == "any" else chosen_source,
        theme=None if chosen_theme == "any" else chosen_theme,
        visibility=None if visibility == "any" else visibility,
    )
    if not notes:
        st.caption("No notes yet." if not every else "No note matches.")
    for note in notes:
        with st.container(border=True):
            _show(note, indicators)
            if not editable:
                continue
            with st.expander("Edit, retire or see the history"):
                _edit_controls(store, note, indicators, areas, themes)
                records_view.history(store, note["id"])
    if not editable:
        return
    with st.expander("Add a note"):
        fields = _note_form("note_add", {}, indicators, themes)
        if fields is not None:
            try:
                store.add({**fields, "area_code": area}, who(), areas=areas,
                          indicators=list(indicators))
                flash("Note added.")
                _rerun_panel()
            except RecordError as error:
                st.error(plain(str(error)))
