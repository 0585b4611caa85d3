import re
import subprocess

import pytest

from dashboard.accessibility import TEXT_COLOURS, contrast_ratio, luminance
from dashboard.reports.briefing import area_codes, briefing_pdf, prepare
from indices.presets import load_preset


def test_contrast_matches_wcag_examples():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert luminance("#ffffff") == pytest.approx(1)


@pytest.mark.parametrize("use", list(TEXT_COLOURS))
def test_text_we_draw_meets_aa(use):
    foreground, background = TEXT_COLOURS[use]
    assert contrast_ratio(foreground, background) >= 4.5


def test_the_briefing_css_uses_only_those_text_colours():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "dashboard/reports/templates/briefing.html") \
        .read_text()
    found = re.findall(r"(?<![-\w])color:\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b", css)
    colours = {"#" + (c if len(c) == 6 else "".join(x * 2 for x in c)).lower() for c in found}
    allowed = {f for f, _ in TEXT_COLOURS.values()}
    assert colours <= allowed, colours - allowed


def test_maps_and_charts_in_the_pdf_have_alt_text(root, oldham, tmp_path):
    from pypdf import PdfReader

    context = prepare(root, load_preset(), borough=oldham, robustness=None)
    path = tmp_path / "b.pdf"
    path.write_bytes(briefing_pdf(context, area_codes(context)[0]))
    reader = PdfReader(path)
    alts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert any(a.startswith("Map of Oldham") for a in alts)
    assert any(a.startswith("Close-up map") for a in alts)
    assert any(a.startswith("Bar chart of domain scores") for a in alts)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"Tagged:\s+yes", info)
