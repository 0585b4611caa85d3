"""Registries of methods looked up by name, in the style of mapclassify."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from indices.errors import UnknownMethodError

F = TypeVar("F", bound=Callable)


class Registry(Generic[F]):
    """A named collection of methods of one kind.

    Each method has a name, used in specs and code, and a label: the plain
    words people read in menus and on the Methods page.

    Parameters
    ----------
    kind : str
        What the methods are, used in messages ("normalisation method").
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._methods: dict[str, F] = {}
        self._labels: dict[str, str] = {}

    def register(self, name: str, label: str | None = None) -> Callable[[F], F]:
        """Return a decorator that registers a function under ``name``.

        Parameters
        ----------
        name : str
            The method's name in specs ("rank_normal").
        label : str, optional
            What people read ("rank-based normal scores"); the name if not given.
        """

        def decorator(function: F) -> F:
            self._methods[name] = function
            self._labels[name] = label or name
            return function

        return decorator

    def label(self, name: str) -> str:
        """Return the plain label of the method called ``name``.

        Raises
        ------
        UnknownMethodError
            If no method has that name.
        """
        self.get(name)
        return self._labels[name]

    def get(self, name: str, where: str = "") -> F:
        """Return the method called ``name``.

        Parameters
        ----------
        name : str
            The method's registered name.
        where : str, optional
            Where the name was given (for example ``"indicator 'income'"``),
            prefixed to the message of the error.

        Raises
        ------
        UnknownMethodError
            If no method has that name; the message lists the valid names.
        """
        try:
            return self._methods[name]
        except (KeyError, TypeError):
            prefix = f"{where}: " if where else ""
            raise UnknownMethodError(
                f"{prefix}unknown {self.kind} {name!r}. "
                f"Use one of: {', '.join(self.names())}."
            ) from None

    def describe(self, name: str) -> str:
        """Return the plain-language description of the method called ``name``: the first
        paragraph of its docstring, on one line.

        Raises
        ------
        UnknownMethodError
            If no method has that name.
        """
        return inspect.getdoc(self.get(name)).split("\n\n")[0].replace("\n", " ")

    def names(self) -> list[str]:
        """Return the registered names, sorted."""
        return sorted(self._methods)

    def __contains__(self, name: object) -> bool:
        return name in self._methods

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())
