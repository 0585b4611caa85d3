import pytest

from indices.errors import UnknownMethodError
from indices.registry import Registry


def test_registered_methods_are_found_by_name():
    registry = Registry("colour")
    registry.register("red")(lambda: "r")
    assert registry.get("red")() == "r"
    assert "red" in registry and list(registry) == ["red"]


def test_unknown_name_lists_the_valid_ones():
    registry = Registry("colour")
    registry.register("red")(lambda: 1)
    registry.register("blue")(lambda: 2)
    with pytest.raises(UnknownMethodError, match=r"indicator 'x': unknown colour 'green'\. "
                       r"Use one of: blue, red\."):
        registry.get("green", "indicator 'x'")
