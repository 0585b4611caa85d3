"""Shaping what the publishers publish: IoD2025 File 8 (one workbook sheet per domain)."""

import pandas as pd
import pytest
from openpyxl import Workbook

from data.fetch.publishers import IOD2025_INDICATOR_SHEETS, shape_iod2025_indicators

LSOAS = pd.DataFrame({"lsoa21cd": ["E01000002", "E01000001", "E01009999"],
                      "lsoa21nm": ["B 001B", "A 001A", "Elsewhere"],
                      "lad_code": ["E08000004"] * 3, "lad_name": ["Oldham"] * 3})
HEADER = ["LSOA code (2021)", "LSOA name (2021)", "Local Authority District code (2024)",
          "Local Authority District name (2024)"]


def _file8(path, sheets=IOD2025_INDICATOR_SHEETS) -> None:
    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["English Indices of Deprivation 2025: underlying indicators"])
    for domain in sheets:
        sheet = book.create_sheet(f"IoD25 {domain} Domain")
        sheet.append([*HEADER, f"{domain} count", f"{domain} rate, per 1,000"])
        sheet.append(["E01000001", "A 001A", "E08000004", "Oldham", 12, 0.25])
        sheet.append(["E01000002", "B 001B", "E08000004", "Oldham", 3, None])
        sheet.append(["E01000003", "C 001C", "E08000001", "Bolton", 7, 1.5])  # not asked for
    book.save(path)


def test_file8_is_one_row_per_lsoa_with_counts_as_whole_numbers(tmp_path):
    _file8(tmp_path / "file8.xlsx")
    table = shape_iod2025_indicators(tmp_path / "file8.xlsx", LSOAS)
    assert table["lsoa21cd"].tolist() == ["E01000001", "E01000002", "E01009999"]
    assert table["income_count"].tolist()[:2] == [12, 3]
    assert table["crime_rate_per_1_000"].tolist()[0] == 0.25
    assert pd.isna(table["crime_rate_per_1_000"].tolist()[1])
    # every LSOA in the sheet is given: a count is written as 12, not 12.0
    only_ours = shape_iod2025_indicators(tmp_path / "file8.xlsx", LSOAS.iloc[:2])
    assert only_ours["income_count"].dtype == "int64"
    assert only_ours["health_rate_per_1_000"].dtype == "float64"
    assert len(table.columns) == 4 + 2 * len(IOD2025_INDICATOR_SHEETS)


def test_a_workbook_without_a_domain_sheet_names_the_sheets_it_has(tmp_path):
    _file8(tmp_path / "file8.xlsx", sheets=("Income", "Health"))
    with pytest.raises(ValueError, match=r"no Employment domain sheet \(sheets: Notes, IoD25 "
                                         r"Income Domain, IoD25 Health Domain\)"):
        shape_iod2025_indicators(tmp_path / "file8.xlsx", LSOAS)
