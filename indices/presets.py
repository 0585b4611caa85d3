"""The specs shipped with the engine, in ``indices/specs``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from indices.errors import SpecError
from indices.spec import IndexSpec, load_spec

SPECS_DIR = Path(__file__).resolve().parent / "specs"

#: The index the app opens with.
DEFAULT_PRESET = "tci_oldham"


def preset_names() -> list[str]:
    """Return the names of the shipped specs."""
    return sorted(p.stem for p in SPECS_DIR.glob("*.yaml"))


@lru_cache(maxsize=32)
def load_preset(name: str = DEFAULT_PRESET) -> IndexSpec:
    """Load a shipped spec by name (read once: specs are immutable, and shipped ones do not
    change while the app runs).

    Raises
    ------
    SpecError
        If there is no shipped spec of that name (the message lists them).
    """
    path = SPECS_DIR / f"{name}.yaml"
    if not path.is_file():
        raise SpecError(f"no shipped spec {name!r}. Use one of: {', '.join(preset_names())}.")
    return load_spec(path)
