from dashboard.maps import layer_for


def test_indicator_layers_show_raw_values(tci):
    layer = layer_for(tci, "income")
    assert layer.title == "Income deprivation (proportion of residents)"
    assert (layer.display == tci.values["income"]).all()
