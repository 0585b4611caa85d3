import re

from data.opendata.sources import ATTRIBUTION, DATASETS, dataset


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_attribution_is_the_one_sources_md_requires(root):
    assert squash(ATTRIBUTION) in squash((root / "SOURCES.md").read_text())


def test_every_catalogued_file_is_in_the_data_folder(root):
    for name in DATASETS:
        assert (root / name).is_file(), name


def test_layer_attributions_come_from_sources_md(root):
    sources = squash((root / "SOURCES.md").read_text())
    for entry in DATASETS.values():
        if entry.attribution:
            assert entry.attribution in sources
    assert dataset("unknown.csv") is None
