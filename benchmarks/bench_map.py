"""Benchmark: building the Oldham map (target under 0.5 s), and what a rerun costs.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_map``. Prints the
median and worst of several runs for each step; loading the data is not counted.
"""

from __future__ import annotations

import copy
import time

from streamlit_folium import generate_leaflet_string

from benchmarks.timing import timed
from dashboard.maps import build_map, classify, layer_for
from data.borough import load_borough
from data.geography import GREATER_MANCHESTER
from data.levels import level_data
from data.settings import data_root
from indices.build import build_index
from indices.presets import load_preset

RUNS = 15


def main() -> None:
    borough = load_borough(data_root())
    areas = level_data(borough, "lsoa", set()).areas
    result = build_index(load_preset(), borough.table)

    def build(node: str = "tci", scheme: str = "quintiles"):
        layer = layer_for(result, node, borough.hidden)
        return build_map(areas, borough.wards, layer, classify(layer, scheme))

    def build_and_render():
        m = build()
        m.get_root().render()
        return generate_leaflet_string(m)

    cached = build()
    rows = [
        ("index build (142 areas, 18 indicators)",
         timed(lambda: build_index(load_preset(), borough.table), RUNS)),
        ("map build: index, quintiles", timed(build, RUNS)),
        ("map build: indicator, natural breaks",
         timed(lambda: build("road_casualties", "natural_breaks"), RUNS)),
        ("map build + HTML render (first draw)", timed(build_and_render, RUNS)),
        ("rerun with the map unchanged (copy of cached map)",
         timed(lambda: copy.deepcopy(cached), RUNS)),
    ]
    print(f"Oldham map benchmark, {RUNS} runs each (target: build under 500 ms)")
    for label, (median, worst) in rows:
        print(f"  {label:55s} median {median:7.1f} ms   worst {worst:7.1f} ms")

    # the first map of all of Greater Manchester: load, build the index, draw (target 2 s)
    start = time.perf_counter()
    region = load_borough(data_root(), GREATER_MANCHESTER)
    loaded = time.perf_counter()
    run = build_index(load_preset(), region.table)
    layer = layer_for(run, "tci", region.hidden)
    m = build_map(level_data(region, "lsoa", set()).areas, region.wards, layer,
                  classify(layer, "quintiles"))
    m.get_root().render()
    generate_leaflet_string(m)
    drawn = time.perf_counter()
    print(f"Greater Manchester, {len(region.lsoas):,} LSOAs, first map (target under 2 s)")
    print(f"  {'load the data':55s} {1000 * (loaded - start):7.1f} ms")
    print(f"  {'build the index, the map and its HTML':55s} {1000 * (drawn - loaded):7.1f} ms")
    print(f"  {'first map in all':55s} {1000 * (drawn - start):7.1f} ms")


if __name__ == "__main__":
    main()
