from dashboard.charts import domain_chart, domain_chart_text
from data.profiles import build_profile


def test_domain_chart_and_its_text(oldham, tci):
    code = tci.ranks["tci"].idxmin()
    profile = build_profile(code, tci, oldham.table, oldham.region)
    spec = domain_chart(profile).to_dict()
    assert len(spec["layer"]) == 2
    text = domain_chart_text(profile)
    for name in profile.domains["name"]:
        assert name in text
    assert "above the Oldham average" in text
