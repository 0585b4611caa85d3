"""Benchmark: neighbourhood briefing PDFs for Oldham.

Targets: one briefing under 1.5 s after warm-up; all 142 LSOA briefings under 90 s on a
2-core machine. Run from the repository root: ``.venv/bin/python -m benchmarks.bench_briefing``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from dashboard.reports.briefing import area_codes, briefing_pdf, prepare, write_all
from data.settings import data_root
from indices.presets import load_preset


def main() -> None:
    start = time.perf_counter()
    context = prepare(data_root(), load_preset())
    print(f"Briefing benchmark, Oldham, {len(area_codes(context))} LSOAs")
    print(f"  {'prepare (load, build, 1,000-draw intervals)':45s} "
          f"{time.perf_counter() - start:7.2f} s")
    codes = area_codes(context)
    briefing_pdf(context, codes[0])  # warm-up: fonts and templates
    times = []
    for code in codes[1:6]:
        start = time.perf_counter()
        briefing_pdf(context, code)
        times.append(time.perf_counter() - start)
    print(f"  {'one briefing after warm-up (median of 5)':45s} {statistics.median(times):7.2f} s"
          f"   worst {max(times):.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        write_all(context, Path(folder) / "all.zip", workers=2)
        print(f"  {'all briefings as a ZIP, 2 processes':45s} "
              f"{time.perf_counter() - start:7.2f} s")


if __name__ == "__main__":
    main()
