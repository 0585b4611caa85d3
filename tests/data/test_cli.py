import pandas as pd

from data.cli import main


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
