"""Benchmark: the engine at national scale, on one core.

35,000 areas x 40 indicators in 4 domains (synthetic, seeded):
- a full build (target under 50 ms), and a build with the CLI's summary ranks;
- sensitivity with 1,000 draws (target under 1 s; memory under 1 GB, measured
  in a run of its own, as tracing slows numpy's allocations), after a first,
  short call that loads numba and its compiled kernels (from the disk cache, or
  compiling them when there is none), which is timed on its own.

Then, on the real data, the index over time (both editions built with their rank
intervals, for Oldham and for Greater Manchester), and statistical neighbours: all 1,702
Greater Manchester LSOAs against each other on the default context set, every area's 10
nearest (all pairs, vectorised).

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_engine``.
"""

from __future__ import annotations

import os

for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"  # one core, before numpy loads

import time  # noqa: E402
import tracemalloc  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from benchmarks.timing import timed  # noqa: E402
from indices.build import build_index  # noqa: E402
from indices.sensitivity import SensitivitySettings, sensitivity  # noqa: E402
from indices.spec import spec_from_dict  # noqa: E402

AREAS, INDICATORS, DOMAINS = 35_000, 40, 4


def national() -> tuple[pd.DataFrame, object]:
    """A seeded synthetic table and a spec with z-scores and arithmetic means."""
    rng = np.random.default_rng(2025)
    values = rng.lognormal(sigma=0.6, size=(AREAS, INDICATORS))
    table = pd.DataFrame(values, columns=[f"c{j}" for j in range(INDICATORS)],
                         index=[f"E{i:08d}" for i in range(AREAS)])
    per = INDICATORS // DOMAINS
    spec = spec_from_dict({"code": "national", "domains": [
        {"code": f"d{d}", "indicators": [
            {"code": f"i{j}", "column": f"c{j}",
             "direction": "higher_is_worse" if j % 5 else "higher_is_better"}
            for j in range(d * per, (d + 1) * per)]}
        for d in range(DOMAINS)]})
    return table, spec


def main() -> None:
    table, spec = national()
    build_index(spec, table)  # warm-up
    print(f"Engine benchmark: {AREAS:,} areas x {INDICATORS} indicators, one core")
    for label, step in [
        ("full build (all stages, every node's score)", lambda: build_index(spec, table)),
        ("full build + summary (index rank and decile)",
         lambda: build_index(spec, table).summary()),
        ("full build + ranks of all 45 nodes", lambda: build_index(spec, table).ranks),
    ]:
        median, worst = timed(step, 15)
        print(f"  {label:50s} median {median:8.1f} ms   worst {worst:8.1f} ms")
    run = build_index(spec, table)
    settings = SensitivitySettings(draws=1000)
    start = time.perf_counter()
    sensitivity(run, SensitivitySettings(draws=20))  # warm-up: loads numba and the kernels
    first = (time.perf_counter() - start) * 1000
    cpu = time.process_time()
    median, worst = timed(lambda: sensitivity(run, settings), 5)
    cpu = (time.process_time() - cpu) / 5 * 1000  # this process's own time, on a busy machine
    tracemalloc.start()
    sensitivity(run, settings)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"  {'sensitivity, first call (20 draws, loads kernels)':50s} {first:8.1f} ms")
    print(f"  {'sensitivity, 1,000 draws (default choices)':50s} median {median:8.1f} ms   "
          f"worst {worst:8.1f} ms   CPU {cpu:8.1f} ms a run")
    print(f"  {'sensitivity peak memory (numpy and Python)':50s} {peak:8.0f} MB")
    neighbours()
    over_time()


def neighbours() -> None:
    """Statistical neighbours of all 1,702 Greater Manchester LSOAs (the real data, the
    default context set): every pair's distance and every area's 10 nearest, vectorised."""
    from data.areas.neighbours import CANDIDATES, RegionNeighbours
    from data.settings import data_root
    from data.workspace import Workspace
    from indices.presets import load_preset

    root = data_root()
    region = Workspace(root, CANDIDATES, load_preset(), "lsoa")
    areas, run, lsoas = region.areas, region.run, region.borough.table
    found = RegionNeighbours.of(areas, run, lsoas, root)
    n, k = len(areas.table), 10
    print(f"Statistical neighbours: {n:,} LSOAs x {n:,}, {found.model.z.shape[1]} context "
          f"indicators, {k} nearest each, one core")
    for label, step in [
        ("context table and z-scores", lambda: RegionNeighbours.of(areas, run, lsoas, root)),
        (f"all pairs, {k} nearest of every area", lambda: found.model.all_nearest(k)),
        ("the same, as the command line's long table", lambda: found.all_nearest(k)),
        ("one area's neighbours, parts and comparison",
         lambda: found.nearest(areas.table.index[0], k)),
    ]:
        median, worst = timed(step, 7)
        print(f"  {label:50s} median {median:8.1f} ms   worst {worst:8.1f} ms")


def over_time() -> None:
    """The shipped index on IoD2019 (bridged to 2021 LSOAs) and on IoD2025, each with its
    rank intervals (1,000 draws), and how every area moved: for Oldham's 142 LSOAs and for
    all 1,702 of Greater Manchester."""
    from data.areas.geography import GREATER_MANCHESTER
    from data.settings import data_root
    from data.workspace import Workspace
    from indices.presets import load_preset

    root, spec = data_root(), load_preset()
    print("The index over time: both editions' builds, 1,000 draws of rank intervals each, "
          "and the comparison, one core")
    for place, label in (("E08000004", "Oldham, 142 LSOAs"),
                         (GREATER_MANCHESTER, "Greater Manchester, 1,702 LSOAs")):
        borough = Workspace(root, place, spec).borough  # loaded once, as the app keeps it
        median, worst = timed(lambda b=borough, p=place: Workspace(
            root, p, spec, borough=b).over_time(), 3)
        print(f"  {label:50s} median {median:8.1f} ms   worst {worst:8.1f} ms")


if __name__ == "__main__":
    main()
