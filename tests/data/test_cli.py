import json
from pathlib import Path

import pandas as pd
import pytest

from data.cli import main
from indices.presets import load_preset
from indices.spec import spec_to_yaml


def test_the_area_table_of_a_borough(tmp_path, capsys):
    out = tmp_path / "oldham.csv"
    assert main(["areas", "--borough", "E08000004", "-o", str(out)]) == 0
    table = pd.read_csv(out, index_col="lsoa21cd")
    assert len(table) == 142 and "road_casualties_per_1000_year" in table
    assert "wrote 142 areas" in capsys.readouterr().err


def test_an_unknown_borough_and_an_unwritable_file(tmp_path, capsys):
    assert main(["areas", "--borough", "E09000001", "-o", str(tmp_path / "x.csv")]) == 1
    assert "is not the code of a borough" in capsys.readouterr().err
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
def test_validate_garbage_without_a_traceback(tmp_path, name, capsys):
    import os
    import subprocess
    import sys

    if name != "absent.csv":
        (tmp_path / name).write_bytes(bytes(range(256)) * 4)
    if name == "garbage.csv":  # once as people run it, in a process of its own
        result = subprocess.run([sys.executable, "-m", "data", "validate", str(tmp_path / name)],
                                capture_output=True, text=True, cwd=Path(__file__).parents[2],
                                env=os.environ | {"PYTHONPATH": str(Path(__file__).parents[2])})
        code, out, err = result.returncode, result.stdout, result.stderr
    else:  # the same command line, here (a traceback would fail the test as it is raised)
        code = main(["validate", str(tmp_path / name)])
        out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in err + out
    assert f"{name} " in out and "cannot be used" in out


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
def test_export_the_default_index_of_oldham_wards_as_excel(tmp_path, capsys):
    out = tmp_path / "wards.xlsx"
    assert main(["export", "--level", "ward", "--format", "xlsx", "--draws", "0",
                 "-o", str(out)]) == 0
    assert "wrote 20 areas of Oldham" in capsys.readouterr().err
    sheets = pd.read_excel(out, sheet_name=None, index_col=0, engine="openpyxl")
    assert list(sheets) == ["results", "metadata"]
    assert len(sheets["results"]) == 20 and sheets["results"].index.name == "ward_code"
    assert "median_rank" not in sheets["results"]
    assert "electoral ward (May 2023)" in sheets["metadata"]["value"].tolist()


def test_export_a_spec_file_as_geojson_with_rank_intervals(tmp_path):
    spec = tmp_path / "tci.yaml"
    spec.write_text(spec_to_yaml(load_preset()))
    out = tmp_path / "tci.geojson"
    assert main(["export", "--spec", str(spec), "--borough", "E08000004", "--format", "geojson",
                 "--draws", "10", "-o", str(out)]) == 0
    collection = json.loads(out.read_text())
    assert len(collection["features"]) == 142
    assert collection["features"][0]["properties"]["median_rank"] is not None
    assert collection["metadata"]["place"] == "Oldham"


def test_export_faults_give_one_message_and_exit_1(tmp_path, capsys):
    out = str(tmp_path / "out.zip")
    assert main(["export", "--preset", "nope", "--format", "csv", "-o", out]) == 1
    assert "no shipped spec 'nope'. Use one of:" in capsys.readouterr().err
    assert main(["export", "--spec", str(tmp_path / "absent.yaml"), "--format", "csv",
                 "-o", out]) == 1
    assert "no such spec file" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("code: x\nname: [unclosed\n")
    assert main(["export", "--spec", str(bad), "--format", "csv", "-o", out]) == 1
    assert "not valid YAML" in capsys.readouterr().err
    assert main(["export", "--borough", "E09000001", "--format", "csv", "-o", out]) == 1
    assert "is not the code of a borough in the boundaries" in capsys.readouterr().err
    assert main(["export", "--format", "csv", "--draws", "0",
                 "-o", str(tmp_path / "missing" / "out.zip")]) == 1
    err = capsys.readouterr().err
    assert "cannot write the table" in err and "Traceback" not in err


def test_export_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["export", "--format", "pdf", "-o", "x"])
    assert stop.value.code == 2 and "invalid choice: 'pdf'" in capsys.readouterr().err


def test_over_time_writes_how_each_area_moved(tmp_path, capsys):
    out = tmp_path / "change.csv"
    assert main(["over-time", "--draws", "20", "-o", str(out)]) == 0
    table = pd.read_csv(out, index_col=0)
    assert len(table) == 142
    assert {"rank_before", "rank_after", "rank_change", "beyond_uncertainty",
            "boundary_change", "rank_p05_before", "rank_p95_after"} <= set(table)
    assert (table["rank_change"] == table["rank_after"] - table["rank_before"]).all()
    assert "6 indicators both editions have (12 left out)" in capsys.readouterr().err


def test_editions_are_kept_listed_and_compared(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    monkeypatch.delenv("TCI_DATABASE_URL", raising=False)
    assert main(["edition", "keep", "--name", "Spring", "--draws", "0"]) == 0
    assert main(["edition", "keep", "--name", "Rebuilt", "--preset", "imd2025",
                 "--draws", "0"]) == 0
    capsys.readouterr()
    assert main(["edition", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[-1] for line in listed] == ["Rebuilt", "Spring"]
    out = tmp_path / "change.csv"
    assert main(["edition", "compare", "1", "2", "-o", str(out)]) == 0
    assert len(pd.read_csv(out)) == 142
    assert main(["edition", "compare", "1", "7", "-o", str(out)]) == 1
    assert "There is no saved edition 7" in capsys.readouterr().err
    assert main(["edition", "keep"]) == 1
    assert "add --name" in capsys.readouterr().err
    assert main(["edition", "compare", "1"]) == 1


def test_neighbours_of_one_area_and_of_every_ward(tmp_path, capsys):
    out = tmp_path / "near.csv"
    assert main(["neighbours", "--area", "E01005360", "--k", "5", "-o", str(out)]) == 0
    near = pd.read_csv(out)
    assert list(near["rank"]) == [1, 2, 3, 4, 5] and set(near["code"]) == {"E01005360"}
    assert near["distance"].is_monotonic_increasing
    said = capsys.readouterr().err
    assert "Oldham 001D: worse than its neighbours on" in said and "z-scores" in said
    assert main(["neighbours", "--level", "ward", "--indicators", "social_renting",
                 "population_density", "--weights", "2", "1", "-o", str(out)]) == 0
    wards = pd.read_csv(out)
    assert wards["code"].nunique() == 20 and len(wards) == 200  # Oldham's, 10 each
    assert "Households renting socially (67%)" in capsys.readouterr().err
    assert main(["neighbours", "--indicators", "a", "b", "--weights", "1", "-o",
                 str(out)]) == 1
    assert "2 indicators" in capsys.readouterr().err
    assert main(["neighbours", "--area", "E99999999", "-o", str(out)]) == 1
    assert "'E99999999' is not among the 1,702 areas" in capsys.readouterr().err


def test_the_exported_results_compare_rates_with_the_borough_and_the_region(tmp_path):
    """The command line's export carries what the Downloads page's does: each rate or
    proportion made from counts with its 95% limits and its comparisons."""
    out = tmp_path / "results.csv.zip"
    assert main(["export", "--format", "csv", "--draws", "0", "-o", str(out)]) == 0
    import zipfile

    with zipfile.ZipFile(out) as archive:
        name = next(n for n in archive.namelist() if n != "metadata.csv")
        table = pd.read_csv(archive.open(name))
    assert {"household_deprivation_lower_95", "household_deprivation_upper_95",
            "household_deprivation_against_borough",
            "household_deprivation_against_region"} <= set(table)
    assert set(table["household_deprivation_against_borough"].dropna()) <= {
        "worse", "similar", "better", "not compared"}
