"""What the tests of the maps share: Oldham's LSOAs, the app's static files, and a base's
text as the browser gets it."""

from pathlib import Path

import pytest

from data.areas.levels import level_data

STATIC = Path(__file__).resolve().parents[3] / "dashboard" / "static"
#: The live map's own front end.
FRONTEND = STATIC.parent / "components" / "live_map" / "frontend"


@pytest.fixture(scope="package")
def areas(oldham):
    return level_data(oldham, "lsoa", set()).areas


def page_text(base) -> str:
    """Everything of a base that reaches the browser, as one text."""
    return base.html + base.style + base.script
