"""The command line: a test per error message, and the happy path."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from indices.cli import main

REPO = Path(__file__).resolve().parents[2]

SPEC = """\
code: mini
name: Mini index
normalisation: minmax
domains:
  - code: first
    indicators:
      - {code: a, column: col_a, direction: higher_is_worse}
  - code: second
    indicators:
      - {code: b, column: col_b, direction: higher_is_better}
"""


@pytest.fixture
def files(tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC)
    table = tmp_path / "table.csv"
    table.write_text("area,col_a,col_b\nA,1,10\nB,3,30\nC,2,\n")
    return tmp_path, spec, table


def run(capsys, *args):
    code = main([str(a) for a in args])
    return code, capsys.readouterr().err


def test_build_writes_one_row_per_area(files, capsys):
    folder, spec, table = files
    out = folder / "out.csv"
    code, err = run(capsys, "build", spec, "--data", table, "--id", "area", "-o", out)
    assert code == 0, err
    result = pd.read_csv(out)
    assert list(result.columns) == ["area", "score", "rank", "decile", "first", "second"]
    # a -> 0, 100, 50; b (higher is better) -> 100, 0, missing; C scored on a alone
    assert result["score"].tolist() == [50.0, 50.0, 50.0]
    assert result["first"].tolist() == [0.0, 100.0, 50.0]


def test_columns_can_come_from_several_tables(files, capsys):
    folder, spec, _ = files
    (folder / "a.csv").write_text("area,col_a\nA,1\nB,2\n")
    (folder / "b.csv").write_text("area,col_b,other\nB,5,x\nA,7,y\n")
    out = folder / "out.csv"
    code, err = run(capsys, "build", spec, "--data", folder / "a.csv", "--data",
                    folder / "b.csv", "--id", "area", "-o", out)
    assert code == 0, err
    assert pd.read_csv(out).set_index("area")["rank"].to_dict() == {"A": 2, "B": 1}


def test_the_module_runs_as_a_program(files):
    folder, spec, table = files
    out = folder / "out.csv"
    done = subprocess.run(
        [sys.executable, "-m", "indices", "build", str(spec), "--data", str(table), "--id",
         "area", "-o", str(out)], cwd=REPO, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    assert out.exists()


def write_spec(folder, text):
    path = folder / "bad.yaml"
    path.write_text(text)
    return path


ERRORS = [
    # (what to change, expected message fragment)
    ("unknown method", "unknown normalisation method 'zcore'. Use one of: exponential"),
    ("missing indicator column", "no column 'col_b' in the data"),
    ("duplicated ids", "id 'A' appears on rows 2 and 4. Each area must appear once"),
    ("non-numeric", "row 3, column 'col_a': 'lots' is not a (finite) number"),
    ("infinite", "row 3, column 'col_b': 'inf' is not a (finite) number"),
    ("only a byte order mark", "the file is empty. Give a CSV with a header row."),
    ("nested spec", "nests more than 20 levels deep"),
    ("missing file", "no such file. Check the path."),
    ("empty file", "the file is empty. Give a CSV with a header row."),
    ("not csv", "cannot be read as CSV"),
    ("no id column", "there is no id column 'area'. The columns are: code, col_a, col_b"),
    ("empty id", "row 3, column 'area': the id is empty"),
    ("missing spec", "no such spec file"),
    ("column in two files", "column 'col_a' is in both"),
    ("unwritable output", "cannot write the results"),
]


@pytest.mark.parametrize(("case", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_each_error_exits_1_with_its_message(files, capsys, case, message):
    folder, spec, table = files
    data = [table]
    out = folder / "out.csv"
    if case == "unknown method":
        spec = write_spec(folder, SPEC.replace("minmax", "zcore"))
    elif case == "missing indicator column":
        table.write_text("area,col_a\nA,1\n")
    elif case == "duplicated ids":
        table.write_text("area,col_a,col_b\nA,1,1\nB,2,2\nA,3,3\n")
    elif case == "non-numeric":
        table.write_text("area,col_a,col_b\nA,1,1\nB,lots,2\n")
    elif case == "infinite":
        table.write_text("area,col_a,col_b\nA,1,1\nB,2,inf\n")
    elif case == "only a byte order mark":
        table.write_bytes(b"\xef\xbb\xbf\r\n\r\n")
    elif case == "nested spec":
        spec = write_spec(folder, "code: x\ndomains: " + "[" * 5000 + "]" * 5000 + "\n")
    elif case == "missing file":
        data = [folder / "absent.csv"]
    elif case == "empty file":
        table.write_text("")
    elif case == "not csv":
        table.write_bytes(b"\xff\xfe\x00\x81 binary \x00\x00")
    elif case == "no id column":
        table.write_text("code,col_a,col_b\nA,1,1\n")
    elif case == "empty id":
        table.write_text("area,col_a,col_b\nA,1,1\n,2,2\n")
    elif case == "missing spec":
        spec = folder / "absent.yaml"
    elif case == "column in two files":
        other = folder / "other.csv"
        other.write_text("area,col_a\nA,1\n")
        data = [table, other]
    elif case == "unwritable output":
        out = folder / "no-such-folder" / "out.csv"
    args = ["build", spec]
    for path in data:
        args += ["--data", path]
    code, err = run(capsys, *args, "--id", "area", "-o", out)
    assert code == 1
    assert err.startswith("error: ")
    assert message in err
    assert "Traceback" not in err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["build", "spec.yaml"])
    assert caught.value.code == 2
    assert "--data" in capsys.readouterr().err


def test_sensitivity_writes_rank_intervals_and_repeats_with_the_seed(files, capsys):
    folder, spec, table = files
    table.write_text("area,col_a,col_b\n" + "".join(
        f"A{i},{(i * 7) % 11},{(i * 5) % 13}\n" for i in range(30)))
    outputs = []
    for name in ("one.csv", "two.csv"):
        code, err = run(capsys, "sensitivity", spec, "--data", table, "--id", "area",
                        "--draws", 50, "--seed", 4, "-o", folder / name)
        assert code == 0, err
        outputs.append((folder / name).read_text())
    assert outputs[0] == outputs[1]
    result = pd.read_csv(folder / "one.csv")
    assert list(result.columns) == ["area", "rank", "median_rank", "rank_p05", "rank_p95"]
    assert len(result) == 30
    assert "of the rank variance" in err


@pytest.mark.parametrize(("args", "message"), [
    (["--draws", "0"], "draws must be a whole number of 1 or more"),
    (["--normalisations", "zcore"], "unknown normalisation method 'zcore'"),
    (["--weight-range", "2"], "weight_range must be from 0 to below 1"),
])
def test_sensitivity_errors(files, capsys, args, message):
    folder, spec, table = files
    code, err = run(capsys, "sensitivity", spec, "--data", table, "--id", "area", *args,
                    "-o", folder / "out.csv")
    assert code == 1 and message in err
