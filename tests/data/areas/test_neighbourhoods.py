import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from data.areas.neighbourhoods import lookup_from_polygons
from data.errors import NamedFileError
from data.store.neighbourhoods import NeighbourhoodStore


def test_polygons_covering_part_of_the_borough_leave_the_rest_unassigned(oldham):
    west, south, east, north = oldham.lsoas.total_bounds
    middle = (west + east) / 2
    polygons = gpd.GeoDataFrame({"id": ["W"], "label": ["West"]},
                                geometry=[box(west - 1, south - 1, middle, north + 1)], crs=4326)
    lookup, unassigned = lookup_from_polygons(oldham.lsoas, polygons, "id", "label")
    points = oldham.lsoas.set_index("lsoa21cd").to_crs(27700).representative_point().to_crs(4326)
    assert set(lookup.index) == set(points.index[points.x < middle])
    assert set(unassigned) == set(points.index[points.x >= middle])
    assert (lookup["neighbourhood_name"] == "West").all()


def test_a_damaged_saved_set_says_to_upload_again(tmp_path):
    store = NeighbourhoodStore(tmp_path)
    (tmp_path / "Broken.csv").write_text("code,name\nE01005320,x\n")
    with pytest.raises(NamedFileError, match="'Broken' has columns .* upload its lookup again"):
        store.load("Broken")
    with pytest.raises(NamedFileError, match="there is no saved neighbourhood set 'Gone'"):
        store.load("Gone")


def test_a_set_whose_codes_could_make_a_path_is_not_saved(tmp_path):
    store = NeighbourhoodStore(tmp_path)
    lookup = pd.DataFrame({"neighbourhood_code": ["../x"], "neighbourhood_name": ["Alt"]},
                          index=pd.Index(["E01005320"], name="lsoa21cd"))
    with pytest.raises(NamedFileError, match=r"the neighbourhood code '\.\./x' cannot be used: "
                       r"it holds '/'"):
        store.save("Evil", lookup)
    assert store.names() == []
