import pytest

from indices.aggregate import AGGREGATORS
from indices.errors import UnknownMethodError
from indices.impute import IMPUTERS
from indices.normalise import NORMALISERS
from indices.registry import Registry
from indices.weighting import WEIGHTINGS


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


def test_a_method_has_a_plain_label_and_its_name_stays_the_code():
    registry = Registry("colour")
    registry.register("dark_red", "dark red")(lambda: 1)
    registry.register("blue")(lambda: 2)
    assert registry.label("dark_red") == "dark red" and registry.names() == ["blue", "dark_red"]
    assert registry.label("blue") == "blue"  # no label given: the name
    with pytest.raises(UnknownMethodError, match="unknown colour 'green'"):
        registry.label("green")


@pytest.mark.parametrize("registry", [AGGREGATORS, IMPUTERS, NORMALISERS, WEIGHTINGS])
def test_every_method_of_the_app_has_a_label_in_words(registry):
    for name in registry:
        label = registry.label(name)
        assert label != name and "_" not in label, (name, label)


def test_a_method_is_described_by_the_first_paragraph_of_its_docstring():
    import pytest

    from indices.errors import UnknownMethodError
    from indices.registry import Registry

    methods = Registry("test method")

    @methods.register("twice", "twice over")
    def twice(x):
        """Each value doubled,
        as a person would.

        Not this paragraph."""
        return 2 * x

    assert methods.describe("twice") == "Each value doubled, as a person would."
    with pytest.raises(UnknownMethodError, match="unknown test method 'thrice'"):
        methods.describe("thrice")
