import math

from dashboard.formatting import format_rank, format_value


def test_decimals_follow_the_size_of_the_number():
    assert format_value(1234.5) == "1,234" or format_value(1234.5) == "1,235"
    assert format_value(12.34) == "12.3"
    assert format_value(1.234) == "1.23"
    assert format_value(0.1234) == "0.123"
    assert format_value(-0.0001) == "0.000"
    assert format_value(-0.5) == "-0.500"


def test_missing_values_say_so():
    assert format_value(math.nan) == "no data"
    assert format_value(None) == "no data"


def test_ranks():
    assert format_rank(3, 142) == "3 of 142"
    assert format_rank(None, 142) == "no rank"


def test_the_rates_table_hides_small_counts_and_what_is_made_from_them():
    import pandas as pd

    from dashboard.formatting import rates_table
    from data.stats.funnel import make_funnel

    counts = pd.Series([3, 20, float("nan")], index=["a", "b", "c"])
    result = make_funnel(counts, pd.Series([1000, 2000, 1500], index=counts.index))
    table = rates_table(result, pd.Series(["A", "B", "C"], index=counts.index),
                        counts.between(1, 4))
    assert list(table.columns[:2]) == ["Neighbourhood", "Code"]  # the name first, then its code
    table = table.set_index("Code")
    assert table.loc["a"].tolist() == ["A", "hidden", "1,000", "hidden", "hidden",
                                       "not shown"]
    assert table.loc["b", "Rate"] == "10.0" and table.loc["b", "95% CI"] == "6.11 to 15.4"
    assert table.loc["c", ["Count", "Rate", "95% CI", "Against the funnel"]].tolist() == [
        "no data"] * 4
