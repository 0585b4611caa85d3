"""The data layer: everything between the open data, users' files and the database, and the
engine in ``indices``; no Streamlit here.

Its rooms: ``opendata`` (the published datasets and their catalogue), ``fetch`` (getting them
from their publishers), ``userfiles`` (reading and checking users' files), ``stats`` (rates,
funnels, counts and suppression), ``areas`` (boroughs, levels, neighbourhoods and profiles)
and ``store`` (the database and the files users save). Beside them: ``settings``, ``errors``,
``exports``, ``workspace`` and the command line (``cli``, ``python -m data``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def public_names(package: str, public: Mapping[str, tuple[str, ...]]
                 ) -> tuple[Callable[[str], object], Callable[[], list[str]], list[str]]:
    """What a room's ``__init__`` needs to offer its public names (``from data.areas import
    level_data``), each imported from its module only when first asked for, so that
    importing one module of a room does not import the others.

    Parameters
    ----------
    package : str
        The room (``__name__`` in its ``__init__``).
    public : mapping of str to tuple of str
        The room's modules and the names each one offers.

    Returns
    -------
    tuple
        The room's ``__getattr__``, ``__dir__`` and ``__all__``.
    """
    home = {name: module for module, names in public.items() for name in names}

    def __getattr__(name: str) -> object:
        if name not in home:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{home[name]}"), name)

    def __dir__() -> list[str]:
        return sorted(home)

    return __getattr__, __dir__, sorted(home)
