"""The Rates page: counts as rates with intervals, and the funnel plot (AppTest)."""

from dashboard.formatting import format_value
from dashboard.text import plain
from tests.dashboard.test_app import open_page


def test_road_casualties_with_small_counts_hidden_and_left_out_of_the_plot():
    app = open_page("views/rates.py")
    assert not app.exception and not app.error
    assert app.selectbox(key="rates_measure").value == "road_casualties_per_1000_year"
    table = app.dataframe[0].value
    assert len(table) == 142
    hidden = table[table["Count"] == "hidden"]
    # Oldham's 42 LSOAs with 1 to 4 casualties, and those hidden so that no ward, MSOA or
    # borough total gives one of them away
    counts = table.set_index("Code")["Count"]
    assert len(hidden) > 42
    assert (hidden[["Rate", "95% CI"]] == "hidden").all().all()
    assert (hidden["Against the funnel"] == "not shown").all()
    caption = " ".join(c.value for c in app.caption)
    assert f"Funnel plot of {142 - len(hidden)} neighbourhoods" in caption
    assert f"{len(hidden)} LSOAs (2021) with a hidden count" in caption
    assert counts.str.replace(",", "").str.isdigit().sum() == 142 - len(hidden)


def test_burglaries_against_the_oldham_rate():
    app = open_page("views/rates.py")
    app.selectbox(key="rates_measure").select("burglaries_per_1000_year").run()
    assert not app.exception and not app.error
    assert app.metric[0].value == "10.7 per 1,000 residents a year"
    table = app.dataframe[0].value
    assert "hidden" not in set(table["Count"])  # Oldham's smallest count is 15
    assert "Funnel plot of 142 neighbourhoods" in " ".join(c.value for c in app.caption)


def test_every_count_measure_opens():
    app = open_page("views/rates.py")
    picker = app.selectbox(key="rates_measure")
    for index, option in enumerate(picker.options):
        app.selectbox(key="rates_measure").select_index(index).run()
        assert not app.exception and not app.error, option


def test_a_borough_without_burglary_data_says_so():
    app = open_page("views/rates.py")
    app.selectbox(key="borough").select("E08000005").run()
    app.selectbox(key="rates_measure").select("burglaries_per_1000_year").run()
    assert not app.exception and not app.error
    assert "no burglaries data for Rochdale" in app.info[0].value


def test_over_dispersion_toggle_starts_on_and_the_caption_gives_phi():
    app = open_page("views/rates.py")
    assert not app.exception and not app.error
    toggle = app.toggle(key="rates_overdispersion")
    assert toggle.label == "Allow for over-dispersion (Spiegelhalter 2005)"
    assert toggle.value  # Oldham's road casualties spread far more than chance gives
    caption = " ".join(c.value for c in app.caption)
    assert "φ = " in caption and "far more than chance alone would give (p < 0.001)" in caption
    assert "widened for this extra spread" in caption
    outside = (app.dataframe[0].value["Against the funnel"].str.startswith(("above", "below")))
    toggle.set_value(False).run()
    assert not app.exception and not app.error
    caption = " ".join(c.value for c in app.caption)
    assert "exact Poisson limits around the Oldham rate" in caption
    assert "read them as a guide" in caption
    table = app.dataframe[0].value
    assert table["Against the funnel"].str.startswith(("above", "below")).sum() > outside.sum()


def test_the_toggle_starts_afresh_for_each_count():
    app = open_page("views/rates.py")
    app.toggle(key="rates_overdispersion").set_value(False).run()
    app.selectbox(key="rates_measure").select("burglaries_per_1000_year").run()
    assert not app.exception and not app.error
    assert app.toggle(key="rates_overdispersion").value


def _oldham_deciles(code: str):
    """The data layer's SII of a count over Oldham's LSOAs by IMD decile, to compare with."""
    from data.areas.counts import count_measures
    from data.settings import data_root
    from data.stats.inequality import quantile_table, slope_index
    from data.workspace import Workspace
    from indices.presets import DEFAULT_PRESET, load_preset

    spec = load_preset(DEFAULT_PRESET)
    table = Workspace(data_root(), "E08000004", spec).borough.table
    measure = count_measures(data_root(), spec)[code]
    deciles = quantile_table(table[measure.count], table[measure.denominator],
                             table["IMD_decile"], measure.per, measure.years, measure.proportion)
    return deciles, slope_index(deciles, "proportion" if measure.proportion else "rate",
                                transform=True, multiplier=100 if measure.proportion else 1)


def test_the_slope_index_of_road_casualties_across_oldhams_deprivation_deciles():
    """The words give the data layer's SII and RII (checked against OHID's published
    examples in tests/data/stats/test_inequality.py), the chart its text alternative."""
    app = open_page("views/rates.py")
    assert not app.exception and not app.error
    assert app.selectbox(key="rates_sii_measure").value == "road_casualties_per_1000_year"
    deciles, result = _oldham_deciles("road_casualties_per_1000_year")
    low, high = result.limits[0.95]
    words = " ".join(m.value for m in app.markdown)
    assert plain(f"The gap between the most and least deprived ends is "
                 f"{format_value(-result.sii)} per 1,000 residents a year, 95% CI "
                 f"{format_value(-high)} to {format_value(-low)} (higher at the most deprived "
                 "end)") in words
    assert plain(f"the relative index is {result.rii:.2f}") in words
    caption = " ".join(c.value for c in app.caption)
    assert plain("no LSOA is in decile 10") in caption  # Oldham has none in the least deprived
    assert plain(f"Decile 1 (most deprived): {format_value(deciles.loc[1, 'value'])}") in caption
    assert plain("10,000 simulated draws") in caption
    assert any(b.proto.label == "Download these figures (CSV, with metadata)"
               for b in app.get("download_button"))
    assert app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart")


def test_a_percentage_gives_its_gap_in_percentage_points():
    app = open_page("views/rates.py")
    app.selectbox(key="rates_sii_measure").select("household_deprivation").run()
    assert not app.exception and not app.error
    _, result = _oldham_deciles("household_deprivation")
    words = " ".join(m.value for m in app.markdown)
    assert plain(f"{format_value(-result.sii)} percentage points") in words


def test_a_viewer_sees_the_slope_index_but_cannot_upload(monkeypatch):
    from dashboard.roles import READ_ONLY_ENV

    monkeypatch.setenv(READ_ONLY_ENV, "1")
    app = open_page("views/rates.py")
    assert not app.exception and not app.error
    assert app.selectbox(key="rates_sii_measure").value
    assert "The gap between the most and least deprived ends" in " ".join(
        m.value for m in app.markdown)
    assert not [u for u in app.get("file_uploader") if u.proto.label.startswith("Your own")]
