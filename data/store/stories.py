"""Stories of places: longer than a note, told to make sense of how and why something
changed, with what changed said apart.

A story has a title, the story, what changed, its date, who told or gathered it, its
source (as notes have), the areas (or the whole borough) and themes it belongs to, and
optional words describing a picture to go with it (no photograph is uploaded). A featured
story comes first in meeting mode and in briefings. Versions, history, soft retiring,
export and import come from :class:`data.store.records.VersionedStore`.

A story is public by the notes' rule (:func:`data.store.notes.is_public`): marked public,
consented to by the people in it, and free of unchecked personal data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from data.errors import RecordProblem
from data.store.models import NOTE_SOURCES, VISIBILITIES, Story, StoryChange
from data.store.notes import is_public
from data.store.privacy import personal_data
from data.store.records import (
    PlacedStore,
    dates_of,
    flags_of,
    placing_of,
    text_of,
)

#: The longest a story can be, in characters; and what changed.
MAX_STORY = 20_000
MAX_CHANGED = 5_000
#: The columns a CSV file of stories must have.
REQUIRED_COLUMNS = {"lad_code", "title", "story", "story_date", "author", "source",
                    "visibility"}
#: The fields whose words are checked for personal data.
WORDS = ("title", "story", "what_changed", "picture_caption")


def clean_story(fields: Mapping[str, Any], row: int | None = None,
                areas: Iterable[str] | None = None, themes: Iterable[str] | None = None,
                ) -> tuple[dict[str, Any], list[RecordProblem]]:
    """Check and tidy a story's fields.

    Parameters
    ----------
    fields : Mapping
        ``lad_code``, ``title``, ``story``, ``story_date`` (a date or ``YYYY-MM-DD``),
        ``author``, ``source`` (one of :data:`~data.store.models.NOTE_SOURCES`) and
        ``visibility``; optionally ``what_changed``, ``areas`` and ``themes`` (lists, or
        ``;``-separated text; no areas means the whole borough), ``picture_caption``, and
        ``featured``, ``consent`` and ``privacy_checked`` (yes or no; no when absent).
        ``personal_data`` is worked out from the words, whatever is given.
    row : int, optional
        The row of a file the fields came from, for the problems.
    areas : iterable of str, optional
        The area codes a story can belong to; None accepts any code.
    themes : iterable of str, optional
        The theme list the themes must come from; None accepts any theme.

    Returns
    -------
    story : dict
        The tidied fields.
    problems : list of Problem
        Empty when the story can be saved.
    """
    problems: list[RecordProblem] = []

    def fault(column: str, message: str) -> None:
        problems.append(RecordProblem(row, column, text_of(fields.get(column)), message))

    story: dict[str, Any] = {key: text_of(fields.get(key)) for key in (
        *WORDS, "author", "source", "visibility")}
    story |= placing_of(fields, fault, areas, themes, "story")
    if not story["title"]:
        fault("title", "give the story a title.")
    if not story["story"]:
        fault("story", "tell the story.")
    elif len(story["story"]) > MAX_STORY:
        fault("story", f"a story can be at most {MAX_STORY:,} characters; shorten it.")
    if len(story["what_changed"]) > MAX_CHANGED:
        fault("what_changed", f"at most {MAX_CHANGED:,} characters; shorten it.")
    if not story["author"]:
        fault("author", "say who told or gathered the story.")
    if story["source"] not in NOTE_SOURCES:
        fault("source", f"use one of: {', '.join(NOTE_SOURCES)}.")
    if story["visibility"] not in VISIBILITIES:
        fault("visibility", "use public (anyone may read it) or internal (staff only).")
    story |= flags_of(fields, ("featured", "consent", "privacy_checked"), fault)
    story |= dates_of(fields, ("story_date",), fault)
    story["personal_data"] = "; ".join(personal_data("\n".join(story[f] for f in WORDS)))
    return story, problems


def in_brief(story: Mapping[str, Any], limit: int = 280) -> str:
    """A story in a few words, whole, for a card or a line: what changed, or else the
    story's first paragraph, whichever first fits in ``limit`` characters; "" when
    neither does (then the title alone is shown).

    Examples
    --------
    >>> in_brief({"what_changed": "The alley is no longer fly-tipped.", "story": "..."})
    'The alley is no longer fly-tipped.'
    >>> in_brief({"what_changed": "", "story": "Two neighbours cleared it.\\n\\nThen..."})
    'Two neighbours cleared it.'
    """
    first = text_of(story.get("story")).split("\n")[0].strip()
    for words in (text_of(story.get("what_changed")), first):
        if words and len(words) <= limit:
            return words
    return ""


def featured_first(stories: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Stories with the featured ones first, each group in the order given."""
    return sorted((dict(s) for s in stories), key=lambda s: not s["featured"])


class StoryStore(PlacedStore):
    """Stories in a database opened with :func:`data.store.db.open_engine`."""

    kind, plural = "story", "stories"
    model = Story
    change_model = StoryChange
    change_key = "story_id"
    fields = ("id", "lad_code", "title", "story_date", "author", "source", "areas", "themes",
              "featured", "visibility", "consent", "personal_data", "privacy_checked",
              "story", "what_changed", "picture_caption", "retired", "version", "updated_at",
              "updated_by")
    clean = staticmethod(clean_story)
    checked_words = WORDS
    required, dated = frozenset(REQUIRED_COLUMNS), "story_date"
    is_public = staticmethod(is_public)

    def stories(self, lad_code: str | None = None, areas: Iterable[str] | None = None,
                public: bool = False, include_retired: bool = False,
                whole_borough: bool = True) -> list[dict[str, Any]]:
        """Return stories, newest first (see :meth:`PlacedStore.placed`; public ones by
        :func:`data.store.notes.is_public`)."""
        return self.placed(lad_code, areas, public, include_retired, whole_borough)
