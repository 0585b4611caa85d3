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
