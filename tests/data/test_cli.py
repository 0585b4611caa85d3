from pathlib import Path

import pandas as pd
import pytest

from data.cli import main


def test_the_area_table_of_a_borough(tmp_path, capsys):
    out = tmp_path / "oldham.csv"
    assert main(["areas", "--borough", "E08000004", "-o", str(out)]) == 0
    table = pd.read_csv(out, index_col="lsoa21cd")
    assert len(table) == 142 and "road_casualties_per_1000_year" in table
    assert "wrote 142 areas" in capsys.readouterr().err


def test_an_unknown_borough_and_an_unwritable_file(tmp_path, capsys):
    assert main(["areas", "--borough", "E09000001", "-o", str(tmp_path / "x.csv")]) == 1
    assert "is not a Greater Manchester borough code" in capsys.readouterr().err
    assert main(["areas", "-o", str(tmp_path / "missing" / "x.csv")]) == 1
    assert "cannot write the table" in capsys.readouterr().err


def test_validate_a_usable_file(root, capsys):
    assert main(["validate", str(root / "lsoa21_oldham.geojson")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("lsoa21_oldham.geojson (boundaries): can be used (0 errors")
    assert "142 of 142 codes are areas of the reference boundaries" in out


def test_validate_a_file_that_cannot_be_used(tmp_path, capsys):
    (tmp_path / "t.csv").write_text("lsoa11cd,v\nE01005320,1\nE01032921,2\n")
    assert main(["validate", str(tmp_path / "t.csv")]) == 1
    out = capsys.readouterr().out
    assert "cannot be used (1 error" in out
    assert "These codes are 2011 LSOAs; convert the table to 2021 LSOAs with" in out


def test_validate_with_kind_and_id(tmp_path, capsys):
    (tmp_path / "t.csv").write_text("name,code,v\nAlt,N1,1\n")
    assert main(["validate", str(tmp_path / "t.csv"), "--kind", "indicators",
                 "--id", "code"]) == 0
    assert "The ids in 'code' are not ONS area codes, so they were not checked against " \
        "boundaries." in capsys.readouterr().out


@pytest.mark.parametrize("name", ["garbage.csv", "garbage.xlsx", "garbage.zip",
                                  "garbage.geojson", "garbage.gpkg", "absent.csv"])
def test_validate_garbage_without_a_traceback(tmp_path, name):
    import os
    import subprocess
    import sys

    if name != "absent.csv":
        (tmp_path / name).write_bytes(bytes(range(256)) * 4)
    result = subprocess.run([sys.executable, "-m", "data", "validate", str(tmp_path / name)],
                            capture_output=True, text=True, cwd=Path(__file__).parents[2],
                            env=os.environ | {"PYTHONPATH": str(Path(__file__).parents[2])})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{name} " in result.stdout and "cannot be used" in result.stdout


def test_convert_a_2011_table(tmp_path, capsys):
    (tmp_path / "t.csv").write_text("lsoa11cd,burglaries,rate\nE01032921,9,0.3\n")
    out = tmp_path / "t21.csv"
    assert main(["to-lsoa21", str(tmp_path / "t.csv"), "-o", str(out),
                 "--counts", "burglaries"]) == 0
    table = pd.read_csv(out, index_col="lsoa21cd")
    assert table["burglaries"].to_dict() == {"E01034232": 4.5, "E01034233": 4.5}
    assert "wrote 2 2021 LSOAs from 1 rows" in capsys.readouterr().err
    assert main(["to-lsoa21", str(tmp_path / "t.csv"), "-o", str(out),
                 "--counts", "crimes"]) == 1
    assert "has no column of numbers 'crimes'; it has: 'burglaries', 'rate'." in \
        capsys.readouterr().err
    (tmp_path / "bad.csv").write_text("lsoa11cd,rate\nE01032921,x\nE01005320,1\nE01005321,2\n")
    assert main(["to-lsoa21", str(tmp_path / "bad.csv"), "-o", str(out)]) == 1
    assert "the value is not a number" in capsys.readouterr().out
