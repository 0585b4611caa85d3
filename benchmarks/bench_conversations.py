"""Benchmark: importing a listening campaign's file of conversation records into Oldham.

Target: a file of 300 records (placed by LSOA code, ward and coordinates) read, checked,
placed and stored in under 2 s on a 2-core machine, and imported again (every record
recognised and skipped) in under 2 s. Run from the repository root:
``.venv/bin/python -m benchmarks.bench_conversations``.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from data.areas.borough import load_borough
from data.settings import data_root
from data.store.conversations import Places, read_conversations
from data.store.db import open_engine
from data.store.notes import NoteStore
from data.store.themes import ThemeStore
from data.userfiles.read import table_of

THEMES = ("Parking and traffic", "Housing", "Young people", "Green spaces", "Crime and safety")


def campaign(lsoas: list[str], wards: list[str], points: list[tuple[float, float]],
             rows: int = 300) -> bytes:
    """A campaign's CSV file: a third of the rows placed by each way of saying where."""
    chance = random.Random(1)
    lines = ["What was said,Date,Recorded by,Source,Themes,Visibility,Consent,LSOA,Ward,"
             "Longitude,Latitude"]
    for row in range(rows):
        place = [chance.choice(lsoas), "", "", ""] if row % 3 == 0 else \
            ["", chance.choice(wards), "", ""] if row % 3 == 1 else \
            ["", "", *map(str, chance.choice(points))]
        lines.append(",".join([f"Record {row}: what was said at the door", f"{1 + row % 28}/10"
                               "/2026", "Asha", "community conversation",
                               "; ".join(chance.sample(THEMES, 2)), "public", "yes", *place]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    borough = load_borough(data_root())
    places = Places.of(borough.name, borough.lsoas, borough.wards)
    inner = borough.lsoas.geometry.representative_point()
    data = campaign(list(borough.lsoas["lsoa21cd"]), list(borough.wards["ward_name"]),
                    list(zip(inner.x.round(5), inner.y.round(5), strict=True)))
    print(f"Conversation import benchmark, {borough.name}, 300 records")
    with tempfile.TemporaryDirectory() as folder:
        engine = open_engine(f"sqlite:///{Path(folder) / 'tci.sqlite3'}")
        themes = ThemeStore(engine)
        for name in THEMES:
            themes.add({"name": name}, "bench")
        notes = NoteStore(engine)
        for label in ("first import (all stored)", "second import (all skipped)"):
            start = time.perf_counter()
            read = read_conversations(table_of(data, "campaign.csv"), places)
            checked = time.perf_counter()
            added, skipped = notes.import_conversations(read, "bench", themes.names())
            done = time.perf_counter()
            print(f"  {label:30s} read and placed {checked - start:5.2f} s, checked and "
                  f"stored {done - checked:5.2f} s, in all {done - start:5.2f} s "
                  f"({added} added, {skipped} skipped)")
        engine.dispose()


if __name__ == "__main__":
    main()
