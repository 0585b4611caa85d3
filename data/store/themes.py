"""The theme list: what people talk about (such as "parking and traffic"), kept by analysts
so that the notes form, imports and filters all use the same words.

Renaming a theme renames it in every note, promise and story that has it, and merging one
theme into another moves its notes, promises and stories across and retires it; both in one
transaction, each record's change kept in its history with who and when.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.errors import RecordError, RecordProblem, StoreError
from data.store.models import Theme, ThemeChange
from data.store.notes import NoteStore
from data.store.promises import PromiseStore
from data.store.records import VersionedStore, text_of, writing
from data.store.stories import StoryStore


def clean_theme(fields: Mapping[str, Any], row: int | None = None,
                taken: Iterable[str] | None = None, domains: Iterable[str] | None = None,
                ) -> tuple[dict[str, Any], list[RecordProblem]]:
    """Check and tidy a theme's fields.

    Parameters
    ----------
    fields : Mapping
        ``name``, and optionally ``description`` and ``domain`` (the code of the
        index domain the theme speaks to).
    row : int, optional
        The row of a file the fields came from, for the problems.
    taken : iterable of str, optional
        The names of the other current themes: a name must differ from each in
        more than case.
    domains : iterable of str, optional
        The index's domain codes, to check ``domain`` against.

    Returns
    -------
    theme : dict
        The tidied fields.
    problems : list of Problem
        Empty when the theme can be saved.
    """
    theme = {key: text_of(fields.get(key)) for key in ("name", "description", "domain")}
    theme["name"] = " ".join(theme["name"].split())
    problems = []
    if not theme["name"]:
        problems.append(RecordProblem(row, "name", "", "a theme needs a name."))
    elif ";" in theme["name"]:
        problems.append(RecordProblem(row, "name", theme["name"], "a theme's name cannot "
                                      "hold a semicolon, which separates themes in files."))
    elif taken is not None and theme["name"].casefold() in {t.casefold() for t in taken}:
        problems.append(RecordProblem(row, "name", theme["name"], "there is already a theme "
                                      "of this name; merge into it instead."))
    if theme["domain"] and domains is not None and theme["domain"] not in set(domains):
        problems.append(RecordProblem(row, "domain", theme["domain"], "no domain of the "
                                      "index has this code; leave it empty or choose one."))
    return theme, problems


class ThemeStore(VersionedStore):
    """The theme list in a database opened with :func:`data.store.db.open_engine`."""

    kind, plural = "theme", "themes"
    model = Theme
    change_model = ThemeChange
    change_key = "theme_id"
    fields = ("id", "name", "description", "domain", "retired", "version", "updated_at",
              "updated_by")
    clean = staticmethod(clean_theme)

    def themes(self, include_retired: bool = False) -> list[dict[str, Any]]:
        """Return the themes, in alphabetical order (any case)."""
        query = select(Theme)
        if not include_retired:
            query = query.where(Theme.retired.is_(False))
        with Session(self.engine) as session:
            rows = [self._as_dict(t) for t in session.scalars(query)]
        return sorted(rows, key=lambda t: t["name"].casefold())

    def names(self) -> list[str]:
        """The names of the current themes, in alphabetical order."""
        return [t["name"] for t in self.themes()]

    def _taken(self, but: int | None = None) -> list[str]:
        return [t["name"] for t in self.themes() if t["id"] != but]

    def add(self, fields: Mapping[str, Any], who: str,  # type: ignore[override]
            domains: Iterable[str] | None = None) -> dict[str, Any]:
        """Add a theme (see :meth:`VersionedStore.add`); its name must be new."""
        return super().add(fields, who, taken=self._taken(), domains=domains)

    def edit(self, record_id: int, expected_version: int,  # type: ignore[override]
             changes: Mapping[str, Any], who: str,
             domains: Iterable[str] | None = None) -> dict[str, Any]:
        """Change a theme; a new name is given to every note, promise and story that had the
        old one, in the same transaction.

        Raises
        ------
        RecordError
            If the changed theme would not be valid, or its new name is another's.
        StaleEditError
            If the theme has a newer version than ``expected_version``.
        """
        old = self.get(record_id)["name"]
        values = self._edited(record_id, changes,
                              {"taken": self._taken(record_id), "domains": domains})
        self._who_fits(who)
        with writing(self.engine, f"the change to the theme {old}") as session:
            theme = self._change_in(session, record_id, expected_version, who, "edit", values)
            if theme["name"] != old:
                self._replace(session, old, theme["name"], who)
            return theme

    def _replace(self, session: Session, old: str, new: str, who: str) -> int:
        """Give every note, promise and story with the theme ``old`` the theme ``new``
        instead, in an open transaction; return how many records changed."""
        return sum(store(self.engine).replace_theme(session, old, new, who)
                   for store in (NoteStore, PromiseStore, StoryStore))

    def restore(self, record_id: int, expected_version: int, who: str) -> dict[str, Any]:
        """Bring a retired theme back, unless a current theme has taken its name."""
        name = self.get(record_id)["name"]
        if name.casefold() in {t.casefold() for t in self._taken(record_id)}:
            raise RecordError([RecordProblem(None, "name", name, "a current theme has this "
                                             "name now; rename this one first.")])
        return super().restore(record_id, expected_version, who)

    def merge(self, record_id: int, expected_version: int, into: int, who: str
              ) -> tuple[dict[str, Any], int]:
        """Merge a theme into another: its notes, promises and stories get the other theme
        instead, and it is retired (its history says into which), all in one transaction.

        Returns
        -------
        theme : dict
            The merged theme, now retired.
        records : int
            How many notes, promises and stories changed.

        Raises
        ------
        StoreError
            If either theme is missing or retired, or they are the same theme.
        StaleEditError
            If the merged theme has a newer version than ``expected_version``.
        """
        source, target = self.get(record_id), self.get(into)
        if record_id == into:
            raise StoreError("a theme cannot be merged into itself; choose another theme.")
        if source["retired"] or target["retired"]:
            raise StoreError(f"{source['name'] if source['retired'] else target['name']} is "
                             "retired; restore it first, or choose a current theme.")
        self._who_fits(who)
        with writing(self.engine, f"the merge of {source['name']}") as session:
            theme = self._change_in(session, record_id, expected_version, who, "merge",
                                    {"retired": True, "description": _merged_into(
                                        source["description"], target["name"])})
            moved = self._replace(session, source["name"], target["name"], who)
        return theme, moved


def _merged_into(description: str, name: str) -> str:
    """A merged theme's description, saying where its notes went."""
    said = f"Merged into {name}."
    return f"{description} {said}".strip() if description else said
