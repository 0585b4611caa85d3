import html
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard.reports.svg import (
    SHADES,
    classes,
    closeup_map,
    domain_chart,
    domain_chart_text,
    locator_map,
    value_map,
)
from data.areas.profiles import build_profile


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


# ------------------------------------------------------------------ layout: nothing overlaps

def text_boxes(svg: str) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each text line of a drawing and the box it takes, by the conservative measure."""
    from dashboard.reports.svg import text_width

    found = []
    for attributes, inner in re.findall(r"<text ([^>]*)>(.*?)</text>", svg):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', attributes))
        size, anchor = float(attrs["font-size"]), attrs.get("text-anchor", "start")
        inner = re.sub(r"<title>.*?</title>", "", inner)
        lines = re.findall(r'<tspan x="([\d.]+)" y="([\d.]+)">(.*?)</tspan>', inner) or \
            [(attrs["x"], attrs["y"], inner)]
        for x, y, text in lines:
            text = html.unescape(text)
            width, x, y = text_width(text, size), float(x), float(y)
            left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
            found.append((text, (left, y - 0.8 * size, left + width, y + 0.25 * size)))
    return found


def overlapping(found):
    return [(a, b) for i, (a, p) in enumerate(found) for b, q in found[i + 1:]
            if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]]


def test_text_width_is_never_less_than_dejavu_sans():
    from fontTools.ttLib import TTFont

    from dashboard.reports.svg import text_width

    path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not path.exists():
        pytest.skip("DejaVu Sans is not installed")
    font = TTFont(path)
    cmap, metrics, em = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    for text in ["Socio-economic", "-0.281", "Health and A&E", "MWm%@ WWW", "".join(
            map(chr, range(32, 127))), "Barriers to housing and services", "Ōldham – é"]:
        true = sum(metrics[cmap[ord(c)]][0] for c in text) / em * 9
        assert text_width(text, 9) >= true, text


@pytest.mark.parametrize("names", [
    ["Socio-economic", "Health and A&E", "Crime and safety", "Environment"],
    ["Barriers to housing and services, and the quality of the living environment "
     "around the home", "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "Income", "Crime"],
])
def test_domain_names_and_values_never_overlap(names):
    domains = pd.DataFrame({"name": names, "score": [-0.281, 1.17, -2.5, 0.004],
                            "borough_average": [0.0, 1.2, -2.4, 0.0]})
    svg = domain_chart(domains, "Oldham 031D with a long name that goes on and on", "Oldham")
    width = float(re.search(r'width="([\d.]+)"', svg).group(1))
    found = text_boxes(svg)
    assert "-0.281" in [t for t, _ in found]
    assert not overlapping(found)
    assert all(0 <= box[0] and box[2] <= width for _, box in found), found
    # every value is printed beyond the end of its own bar, not over the names
    names_right = max(box[2] for text, box in found if text in " ".join(names) or "…" in text)
    for text, box in found:
        if re.fullmatch(r"-?[\d.]+", text):
            assert box[0] > names_right


def test_a_name_too_long_for_two_lines_is_shortened_and_kept_whole_in_a_tooltip():
    name = "A domain name " + "far too long to print beside its bar " * 4
    svg = domain_chart(pd.DataFrame({"name": [name, "Crime"], "score": [0.5, -0.5],
                                     "borough_average": [0.0, 0.0]}), "Area", "Oldham")
    assert f"<title>{name}</title>" in svg
    assert svg.count("<tspan") == 3 and "…</tspan>" in svg


def marker_centres(svg: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in
            re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="6"', svg)]


def test_closeup_markers_never_overlap(oldham, root):
    from dashboard.reports.svg import MARKER_RADIUS
    from data.areas.assets import assets_near, load_assets

    frame = areas(oldham)
    code = "E01005376"  # six assets inside, two at the same address
    registers = load_assets(root, oldham.code).to_crs(27700)
    near = assets_near(registers, frame.set_index("code").geometry[code], 400).head(15)
    assert len(near) == 15
    same = pd.DataFrame({"lon": [-2.12] * 6 + [-2.1201], "lat": [53.54] * 6 + [53.5401]})
    for assets in (near, same):
        svg = closeup_map(frame, code, assets)
        centres = marker_centres(svg)
        assert len(centres) == len(assets)
        assert all(math.dist(a, b) >= 2 * MARKER_RADIUS for i, a in enumerate(centres)
                   for b in centres[i + 1:])
        assert all(MARKER_RADIUS <= x <= 250 - MARKER_RADIUS and
                   MARKER_RADIUS <= y <= 220 - MARKER_RADIUS for x, y in centres)
        assert re.findall(r">(\d+)</text>", svg) == [str(n) for n in range(1, len(assets) + 1)]
    assert svg.count('class="leader"') == 6  # each moved marker points to its place


def test_printable_removes_bidi_controls_and_invisible_characters():
    from dashboard.reports.svg import printable

    assert printable("Oldham\u202e dlo\u202c 031D\u200b\u2066x\u2069\ufeff\u00ad") == \
        "Oldham dlo 031Dx"
    assert printable("two\nlines\tand\x07 bell") == "two\nlines\tand bell"
    svg = domain_chart(pd.DataFrame({"name": ["Cri\u202eme"], "score": [1.0],
                                     "borough_average": [0.0]}), "A\u202eB", "Old\u2067ham")
    assert not re.search("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]", svg)


def test_the_domain_charts_text(oldham, tci):
    code = tci.ranks["tci"].idxmin()
    profile = build_profile(code, tci, oldham.table, oldham.region)
    text = domain_chart_text(profile)
    for name in profile.domains["name"]:
        assert name in text
    assert "above the Oldham average" in text


def test_classes_are_equal_and_counts_run_between_whole_numbers():
    shares = [end for band in classes(pd.Series([0.1, 0.5, 1.0])) for end in band]
    assert shares == pytest.approx([0.1, 0.4, 0.4, 0.7, 0.7, 1.0])
    assert classes(pd.Series([3, 8, 0]), whole=True) == [(3, 5), (6, 8)]
    assert classes(pd.Series(range(1, 21)), whole=True) == [(1, 4), (5, 8), (9, 12),
                                                              (13, 16), (17, 20)]
    assert classes(pd.Series([5, 5]), whole=True) == [(5, 5)]
    assert classes(pd.Series([0, 0])) == []


def test_value_map_shades_areas_hatches_hidden_ones_and_explains_them(oldham):
    frame = areas(oldham)
    codes = list(frame["code"])
    values = pd.Series({codes[0]: 20, codes[1]: 6, codes[2]: 3})
    svg = value_map(frame, values, {codes[2]}, lambda v: f"{v:,.0f}", "Map <of> parking",
                    hidden_text="fewer than 5 records", whole=True)
    assert svg.count(f'fill="{SHADES[-1]}"') == 2  # the area and its legend key
    assert svg.count('fill="url(#hidden)"') == 2
    assert "fewer than 5 records" in svg and "6 to 13" in svg and "none" in svg
    assert "Map &lt;of&gt; parking" in svg and "<of>" not in svg


# ------------------------------------------------------------------ spine chart

def _spine(names=("Households deprived in 3 or 4 dimensions", "Road casualties", "Income",
                  "Hidden one")):
    from data.stats.compare import spine_table
    from indices.spec import spec_from_dict

    spec = spec_from_dict({"code": "t", "name": "T", "domains": [{
        "code": "d", "name": "D", "indicators": [
            {"code": f"i{n}", "name": name, "column": f"c{n}",
             "direction": "higher_is_better" if n == 2 else "higher_is_worse"}
            for n, name in enumerate(names)]}]})
    values = pd.DataFrame({f"i{n}": [10.0, 20.0, 30.0, 40.0, 50.0] for n in range(len(names))},
                          index=list("ABCDE"))
    hidden = pd.DataFrame({f"c{len(names) - 1}": [False, True, False, False, False]},
                          index=values.index)
    return spine_table(spec, values, "B", pd.Series({f"i{n}": 25.0 for n in range(len(names))}),
                       hidden, {"i0": "worse", "i1": "similar", "i2": "better"})


def test_the_spine_chart_puts_worst_left_the_benchmark_centre_and_marks_by_comparison():
    from dashboard.reports.svg import spine_chart
    from data.stats.compare import COLOURS

    spine = _spine()
    svg = spine_chart(spine, "Oldham 024A", "Oldham")
    width = float(re.search(r'width="([\d.]+)"', svg).group(1))
    # the benchmark line: one, in the middle of the bars' span
    line = re.search(r'<line x1="([\d.]+)" y1="[\d.]+" x2="\1" y2="[\d.]+" stroke="#000000" '
                     r'stroke-width="1.5"/>', svg)
    centre = float(line.group(1))
    bars = [(float(x), float(w)) for x, w, colour in re.findall(
        r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="9" fill="(#d9d9d9)"', svg)]
    assert len(bars) == 5 and bars[4][1] == 12  # a row's each, and the legend's swatch
    bars = bars[:4]
    # worst 50 is 25 from the benchmark (the left edge), best 10 only 15: 0.6 of the way right
    left = min(x for x, _ in bars)
    half = centre - left
    assert bars[0][0] == left
    assert bars[0][0] + bars[0][1] == pytest.approx(centre + 0.6 * half, abs=0.2)
    # higher is better (the third row): worst 10 on the left, best 50 on the right edge
    assert bars[2][0] == pytest.approx(centre - 0.6 * half, abs=0.2)
    assert bars[2][0] + bars[2][1] == pytest.approx(centre + half, abs=0.2)
    # higher is worse, B = 20 against 25: right of the centre, the better side; its mark is
    # an orange triangle pointing left (worse, as the comparisons say)
    marks = re.findall(r'<polygon points="([^"]+)" fill="([^"]+)"', svg)
    worse = next(p for p, fill in marks if fill == COLOURS["worse"][0])
    xs = [float(pair.split(",")[0]) for pair in worse.split()]
    assert xs[0] < min(xs[1:])  # the tip points left
    assert xs[0] > centre
    better = next(p for p, fill in marks if fill == COLOURS["better"][0])
    bx = [float(pair.split(",")[0]) for pair in better.split()]
    assert bx[0] > max(bx[1:])  # points right
    assert bx[0] < centre  # higher is better: B's 20 below 25 is on the worse side, the left
    similar = float(re.search(r'<circle cx="([\d.]+)"', svg).group(1))
    assert similar == pytest.approx(centre + 0.2 * half, abs=0.2)  # similar: 5 of 25 right
    # the hidden row has its range (without the hidden value) but no mark: 3 marks, not 4,
    # besides the legend's four
    assert len(marks) + svg.count("<circle") == 3 + 4
    found = text_boxes(svg)
    assert not overlapping(found)
    assert all(0 <= box[0] and box[2] <= width for _, box in found), found
    assert {"Worst", "Best", "Oldham", "Worse than Oldham", "Similar to Oldham",
            "Better than Oldham", "Not compared"} <= {t for t, _ in found}


def test_the_spine_chart_escapes_and_wraps_long_names():
    from dashboard.reports.svg import spine_chart

    name = "A very long indicator name " * 6
    svg = spine_chart(_spine(("<b>Crime</b>", name, "Income", "Other")), 'Area "<x>"',
                      "Oldham & Co")
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "&amp; Co" in svg
    assert f"<title>{name.strip()}</title>" in svg or f"<title>{name}</title>" in svg
    assert not overlapping(text_boxes(svg))


def test_the_spine_charts_text():
    from dashboard.reports.svg import spine_chart_text

    text = spine_chart_text(_spine(), "Oldham 024A", "Oldham")
    assert text.startswith("Spine chart of 4 indicators for Oldham 024A")
    assert ("Households deprived in 3 or 4 dimensions 20.0 (worse than Oldham; Oldham 25.0; "
            "the areas from 50.0 at worst to 10.0 at best)") in text
    assert "Road casualties 20.0 (similar to Oldham" in text
    assert "Income 20.0 (better than Oldham; Oldham 25.0; the areas from 10.0 at worst" in text
    assert "Hidden one: no value shown" in text


def test_the_readiness_bars_scale_0_to_3_and_say_what_is_not_shown():
    """Importance 3 reaches the end of the scale; a hidden prevalence is said, not drawn."""
    from dashboard.reports.svg import IMPORTANCE_FILL, PREVALENCE_FILL, readiness_bars

    svg = readiness_bars(pd.DataFrame({"name": ["Residents' voice <b>", "Knowing the area"],
                                       "importance": [3.0, 1.5],
                                       "prevalence": [float("nan"), 0.75]}))
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" '
                                           r'height="10"', svg)]
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.2)  # 3 against 1.5
    assert widths[1] == pytest.approx(2 * widths[2], abs=0.2)  # 1.5 against 0.75
    assert "not shown" in svg
    assert svg.count(f'fill="{IMPORTANCE_FILL}"') == 3 and f'fill="{PREVALENCE_FILL}"' in svg


def test_the_readiness_gaps_go_both_ways_from_zero_with_their_intervals():
    from dashboard.reports.svg import readiness_gaps

    svg = readiness_gaps(pd.DataFrame({"name": ["Understanding demand", "Knowing the area"],
                                       "gap": [1.4, -0.4], "low": [0.3, -1.0],
                                       "high": [2.5, 0.2]}))
    assert "+1.4" in svg and "−0.4" in svg and "−1" in svg  # the axis reaches below zero
    assert "95% confidence interval" in svg
    assert svg.index("Understanding demand") < svg.index("Knowing the area")
