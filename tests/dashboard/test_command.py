"""The ``tci`` command, and the package that installs it."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dashboard.command import COMMANDS, main

REPO = Path(__file__).resolve().parents[2]


def test_the_usage_lists_every_command(capsys):
    assert main([]) == 0
    shown = capsys.readouterr().out
    assert all(f"  {name} " in shown for name in COMMANDS)


def test_a_command_passes_its_options_on(capsys):
    with pytest.raises(SystemExit) as done:  # argparse's --help
        main(["sensitivity", "--help"])
    assert done.value.code == 0
    assert "python -m indices sensitivity" in capsys.readouterr().out


def test_an_unknown_command_is_named(capsys):
    assert main(["biuld"]) == 2
    assert "'biuld' is not a command" in capsys.readouterr().err


def test_the_package_builds_with_its_files_and_the_tci_command(tmp_path):
    source = tmp_path / "source"
    for name in ("dashboard", "data", "indices"):
        shutil.copytree(REPO / name, source / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "requirements.txt"):
        shutil.copy(REPO / name, source / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                           "--no-build-isolation", "--quiet", "-w", str(tmp_path), str(source)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("thriving_community_index-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("dashboard/static/vendor/leaflet/leaflet.js",
                   "dashboard/components/live_map/frontend/live_map.js",
                   "dashboard/reports/templates/briefing.html",
                   "indices/specs/tci_oldham.yaml",
                   "data/store/migrations/env.py",
                   "data/store/migrations/versions/0001_notes.py",
                   "dashboard/app.py", "data/cli.py", "indices/cli.py"):
        assert needed in names, needed
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "tci = dashboard.command:main" in zipfile.ZipFile(wheel).read(entry).decode()
