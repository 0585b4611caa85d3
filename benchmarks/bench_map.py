"""Benchmark: the Oldham map (target under 0.5 s), what changing it costs, and the first map of
all of Greater Manchester (target under 2 s).

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_map``. Prints the
median and worst of several runs for each step; loading the data is not counted. A map is a
base (folium's map of the shapes, made once per set of areas and sent to a browser once) and a
paint (colours, tooltips, legend: what a new measure, classification or rerun sends); the
sizes printed are what goes to the browser.
"""

from __future__ import annotations

import json
import time

from benchmarks.timing import timed
from dashboard.maps import classify, layer_for, map_base, map_paint
from data.areas.borough import load_borough
from data.areas.geography import GREATER_MANCHESTER
from data.areas.levels import level_data
from data.settings import data_root
from indices.build import build_index
from indices.presets import load_preset

RUNS = 15


def _kb(part: dict) -> str:
    return f"{len(json.dumps(part)) / 1024:,.0f} KB"


def main() -> None:
    borough = load_borough(data_root())
    areas = level_data(borough, "lsoa", set()).areas
    result = build_index(load_preset(), borough.table)

    def paint(node: str = "tci", scheme: str = "quintiles") -> dict:
        layer = layer_for(result, node, borough.hidden)
        return map_paint(areas, layer, classify(layer, scheme))

    base = map_base(areas, borough.wards)
    rows = [
        ("index build (142 areas, 18 indicators)",
         timed(lambda: build_index(load_preset(), borough.table), RUNS)),
        ("map base: folium's map, rendered (once per areas)",
         timed(lambda: map_base(areas, borough.wards), RUNS)),
        ("map paint: index, quintiles", timed(paint, RUNS)),
        ("map paint: indicator, natural breaks",
         timed(lambda: paint("road_casualties", "natural_breaks"), RUNS)),
    ]
    print(f"Oldham map benchmark, {RUNS} runs each (target: base and paint under 500 ms)")
    for label, (median, worst) in rows:
        print(f"  {label:55s} median {median:7.1f} ms   worst {worst:7.1f} ms")
    print(f"  sent to the browser: base {_kb(base.to_json())} once, paint {_kb(paint())} "
          "per new measure or classification, nothing else on a rerun")

    # the first map of all of Greater Manchester: load, build the index, draw (target 2 s)
    start = time.perf_counter()
    region = load_borough(data_root(), GREATER_MANCHESTER)
    loaded = time.perf_counter()
    run = build_index(load_preset(), region.table)
    layer = layer_for(run, "tci", region.hidden)
    region_areas = level_data(region, "lsoa", set()).areas
    region_base = map_base(region_areas, region.wards)
    region_paint = map_paint(region_areas, layer, classify(layer, "quintiles"))
    drawn = time.perf_counter()
    print(f"Greater Manchester, {len(region.lsoas):,} LSOAs, first map (target under 2 s)")
    print(f"  {'load the data':55s} {1000 * (loaded - start):7.1f} ms")
    print(f"  {'build the index, the map base and paint':55s} {1000 * (drawn - loaded):7.1f} ms")
    print(f"  {'first map in all':55s} {1000 * (drawn - start):7.1f} ms")
    print(f"  sent to the browser: base {_kb(region_base.to_json())}, "
          f"paint {_kb(region_paint)}")


if __name__ == "__main__":
    main()
