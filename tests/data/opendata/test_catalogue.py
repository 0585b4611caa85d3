"""The catalogue of the publishers' live addresses."""

from urllib.parse import parse_qs, urlsplit

from data.opendata import catalogue


def test_every_file_is_at_a_secure_address_on_its_publishers_host():
    files = [catalogue.IOD2025_FILE7, catalogue.IOD2025_FILE8, catalogue.IOD2019_FILE7,
             *map(catalogue.census_table, catalogue.CENSUS_TABLES)]
    for source in files:
        url = catalogue.file_url(source)
        assert url.startswith("https://") and url.endswith(source.mirror_name)
    assert catalogue.file_url(catalogue.census_table("ts038")) == \
        "https://www.nomisweb.co.uk/output/census/2021/census2021-ts038.zip"


def test_a_layer_query_asks_for_one_geojson_page_in_wgs84():
    url = catalogue.layer_url(catalogue.LSOA_WARD_LAD_LAYER, "LAD24CD IN ('E08000004')", 2000)
    parts = urlsplit(url)
    assert parts.netloc == "services1.arcgis.com"
    assert parts.path.endswith("/LSOA21_WD24_LAD24_EW_LU/FeatureServer/0/query")
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query == {"where": "LAD24CD IN ('E08000004')",
                     "outFields": "LSOA21CD,LSOA21NM,WD24CD,WD24NM,LAD24CD,LAD24NM",
                     "returnGeometry": "false", "outSR": "4326", "f": "geojson",
                     "resultOffset": "2000", "resultRecordCount": "2000"}
    distinct = parse_qs(urlsplit(catalogue.layer_url(
        catalogue.DISTRICTS_LAYER, "1=1", 0, distinct=True)).query)
    assert distinct["returnDistinctValues"] == ["true"]


def test_hosts_can_be_moved_for_a_local_copy_without_touching_the_paths():
    hosts = catalogue.hosts_under("http://127.0.0.1:8000/")
    assert catalogue.file_url(catalogue.IOD2025_FILE7, hosts) == (
        "http://127.0.0.1:8000/govuk" + catalogue.IOD2025_FILE7.path)
    assert catalogue.address("ons", "X/FeatureServer/0/query", {"ons": "http://h/ons"}) == \
        "http://h/ons/X/FeatureServer/0/query"
    assert catalogue.LSOA21_LAYER.mirror_name == (
        "Lower_layer_Super_Output_Areas_December_2021_Boundaries_EW_BGC_V5.geojson")
