import re

import pandas as pd

from dashboard.reports.svg import closeup_map, domain_chart, locator_map


def areas(oldham):
    return oldham.lsoas.rename(columns={"lsoa21cd": "code", "lsoa21nm": "name"})


def test_locator_map_draws_every_area_and_highlights_one(oldham):
    frame = areas(oldham)
    svg = locator_map(frame, oldham.wards, frame["code"].iloc[3])
    assert svg.count("<path") == len(frame) + len(oldham.wards) + 1
    assert svg.count('fill="url(#hatch)"') == 1
    assert "<title>Locator map: " in svg


def test_closeup_numbers_the_assets(oldham):
    frame = areas(oldham)
    assets = pd.DataFrame({"lon": [-2.12, -2.13], "lat": [53.54, 53.55]})
    svg = closeup_map(frame, frame["code"].iloc[0], assets)
    assert re.findall(r">(\d+)</text>", svg) == ["1", "2"]
    assert "with 2 numbered community assets" in svg


def test_texts_are_escaped():
    domains = pd.DataFrame({"name": ["<b>Crime</b>"], "score": [1.0],
                            "borough_average": [0.0]})
    svg = domain_chart(domains, 'Area "<script>"', "Oldham")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;b&gt;" in svg
