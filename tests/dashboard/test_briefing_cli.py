import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.briefing import main

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_one_area_to_a_pdf(tmp_path):
    out = tmp_path / "one.pdf"
    done = subprocess.run([sys.executable, "-m", "dashboard.briefing", "--area", "E01005376",
                           "--draws", "20", "-o", str(out)], cwd=REPO, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_an_unknown_code_exits_1_with_a_message(tmp_path, capsys):
    assert main(["--area", "E01099999", "--draws", "0", "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert "error: 'E01099999' is not the code or name of an area" in err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.slow
def test_every_ward_into_a_folder(tmp_path, capsys):
    out = tmp_path / "wards"
    # in this process: writing briefings in several processes is tested in test_briefing.py
    assert main(["--all", "--level", "ward", "--draws", "0", "--workers", "1",
                 "-o", str(out)]) == 0
    assert len(list(out.glob("E05*.pdf"))) == 20
    assert "20/20" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["--area", "X"], ["--all", "--level", "lad", "-o", "x"]])
def test_usage_errors_exit_2(args):
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2
