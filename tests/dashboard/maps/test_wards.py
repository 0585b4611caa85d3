import pandas as pd

from dashboard.maps import MANY_WARDS, WARD_LABEL_ZOOM, map_base


def test_ward_names_wait_for_a_zoom_where_they_fit_over_a_region(oldham, areas):
    region = pd.concat([oldham.wards] * 4)  # as many wards as a region has
    assert len(oldham.wards) <= MANY_WARDS < len(region)
    few, many = map_base(areas, oldham.wards), map_base(areas, region)
    assert "map.getZoom() >= 0;" in few.script
    assert f"map.getZoom() >= {WARD_LABEL_ZOOM};" in many.script
