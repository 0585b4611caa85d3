"""Readiness briefing PDFs: one partnership's readiness self-assessment in one wave, on A4.

Pure of Streamlit, as :mod:`dashboard.reports.briefing`: the results page's download button
calls :func:`readiness_pdf`. Every figure comes from :mod:`data.readiness.results`, so a
group below its minimum size shows nothing here either; text from users (the partnership's
name, the wave's label) is escaped by the template and cleaned of invisible characters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from dashboard.charts import readiness_gap_text, readiness_radar_text
from dashboard.reports.briefing import _TEMPLATES, _svg_image
from dashboard.reports.svg import readiness_bars, readiness_gaps
from data.readiness.instrument import LADDER, SECTORS, Instrument
from data.readiness.results import (
    MIN_GROUP,
    OVERALL,
    RULES,
    ReadinessResults,
    readiness_results,
    sector_results,
    summary_sentence,
    wave_change,
)


@dataclass(frozen=True)
class ReadinessReport:
    """A wave's results and what they are read beside, as the page and the briefing show
    them.

    Attributes
    ----------
    partnership, wave : dict
        The partnership's and the wave's records.
    instrument : Instrument
        The wave's instrument (its version is stated).
    place : str
        The place the partnership serves, by name.
    results : ReadinessResults
        The wave's.
    sectors : dict
        Each sector's results (see :func:`data.readiness.results.sector_results`).
    change : pandas.DataFrame or None
        Against the earlier wave (see :func:`data.readiness.results.wave_change`).
    earlier : dict or None
        The earlier wave's record.
    """

    partnership: Mapping[str, Any]
    wave: Mapping[str, Any]
    instrument: Instrument
    place: str
    results: ReadinessResults
    sectors: dict[str, ReadinessResults]
    change: pd.DataFrame | None = None
    earlier: Mapping[str, Any] | None = None

    @property
    def names(self) -> dict[str, str]:
        """Category code -> name, from the wave's instrument."""
        return {c.code: c.name for c in self.instrument.categories}


def make_report(partnership: Mapping[str, Any], wave: Mapping[str, Any],
                instrument: Instrument, long: pd.DataFrame, place: str,
                earlier: tuple[Mapping[str, Any], pd.DataFrame] | None = None
                ) -> ReadinessReport:
    """The results of a wave, by sector and against an earlier wave.

    Parameters
    ----------
    partnership, wave : dict
        The records.
    instrument : Instrument
        The wave's instrument.
    long : pandas.DataFrame
        The wave's answers' long table.
    place : str
        The place's name.
    earlier : tuple, optional
        An earlier wave's record and long table, to compare with.
    """
    codes, readiness = instrument.codes, instrument.in_group("readiness")
    results = readiness_results(long, codes, readiness)
    change = None
    if earlier is not None:
        change = wave_change(readiness_results(earlier[1], codes, readiness), results)
    return ReadinessReport(partnership=partnership, wave=wave, instrument=instrument,
                           place=place, results=results,
                           sectors=sector_results(long, codes, results, readiness),
                           change=change, earlier=earlier[0] if earlier else None)


def _number(value: float, digits: int = 1) -> str:
    return "–" if pd.isna(value) else f"{value:.{digits}f}"


def signed(value: float, digits: int = 1) -> str:
    """A difference with its sign ("+0.4", "−1.2", "0.0"); "–" for none."""
    if pd.isna(value):
        return "–"
    if round(float(value), digits) == 0:
        return f"{0:.{digits}f}"
    return f"{value:+.{digits}f}".replace("-", "−")


def _interval(low: float, high: float, with_sign: bool = False, digits: int = 1) -> str:
    if pd.isna(low) or pd.isna(high):
        return "–"
    if with_sign:
        return f"{signed(low, digits)} to {signed(high, digits)}"
    return f"{low:.{digits}f} to {high:.{digits}f}"


def _share(value: float) -> str:
    return "–" if pd.isna(value) else f"{value:.0%}"


def category_rows(report: ReadinessReport) -> list[dict[str, str]]:
    """The results table: per category, importance and prevalence (mean, interval, number
    answering), the gap with its interval and the share answering "a great deal"; "–"
    where too few answered."""
    results, rows = report.results, []
    if not results.shown:
        return rows
    for code in results.categories:
        cells = {"name": report.names.get(code, code),
                 "group": "readiness" if code in report.instrument.in_group("readiness")
                 else "added"}
        for question in ("importance", "prevalence"):
            row = results.questions.loc[(code, question)]
            cells[question] = {"mean": _number(row["mean"]),
                               "interval": _interval(row["mean_low"], row["mean_high"]),
                               "n": f"{int(row['n'])}", "great": _share(row["great_deal"]),
                               "not_applicable": int(row["not_applicable"])}
        gap = results.gaps.loc[code]
        cells["gap"] = signed(gap["gap"])
        cells["gap_interval"] = _interval(gap["gap_low"], gap["gap_high"], with_sign=True)
        rows.append(cells)
    return rows


def overall_rows(results: ReadinessResults) -> list[dict[str, str]]:
    """The overall means (the six, then all eight), importance and prevalence each: the
    mean and its interval as text."""
    if not results.shown:
        return []
    rows = []
    for scope, words in OVERALL.items():
        row: dict[str, Any] = {"name": words,
                               "n": int(results.overall.at[(scope, "importance"), "n"])}
        for question in ("importance", "prevalence"):
            figures = results.overall.loc[(scope, question)]
            row[question] = {"mean": _number(figures["mean"]),
                             "interval": _interval(figures["mean_low"], figures["mean_high"])}
        rows.append(row)
    return rows


def sector_rows(report: ReadinessReport) -> list[dict[str, Any]]:
    """Per sector: its respondents, and its means per category (or why it is not shown)."""
    rows = []
    for sector, results in report.sectors.items():
        row = {"sector": SECTORS.get(sector, sector), "respondents": results.respondents,
               "shown": results.shown, "means": []}
        if results.shown:
            row["means"] = [
                {"name": report.names.get(code, code),
                 "importance": _number(results.questions.at[(code, "importance"), "mean"]),
                 "prevalence": _number(results.questions.at[(code, "prevalence"), "mean"])}
                for code in results.categories]
        rows.append(row)
    return rows


def change_rows(report: ReadinessReport) -> list[dict[str, str]]:
    """Against the earlier wave: per category and question, the two means, the change with
    its interval (to two decimals, so that an interval reaching close to zero does not read
    as touching it) and whether it is more than chance."""
    if report.change is None:
        return []
    names = {**report.names, **OVERALL}
    return [{"name": names.get(code, code), "question": question.capitalize(),
             "before": _number(row["before"]), "after": _number(row["after"]),
             "change": signed(row["change"], 2),
             "interval": _interval(row["change_low"], row["change_high"], True, 2),
             "verdict": "More than chance" if row["more_than_chance"] else "Could be chance"}
            for (code, question), row in report.change.iterrows()]


def _chart_rows(report: ReadinessReport) -> tuple[pd.DataFrame, pd.DataFrame]:
    results = report.results
    means = pd.DataFrame({
        "name": [report.names.get(c, c) for c in results.categories],
        "importance": [results.questions.at[(c, "importance"), "mean"]
                       for c in results.categories],
        "prevalence": [results.questions.at[(c, "prevalence"), "mean"]
                       for c in results.categories]})
    gaps = results.gaps[results.gaps["shown"].astype(bool)].sort_values(
        "gap", ascending=False, kind="stable")
    gap_rows = pd.DataFrame({"name": [report.names.get(c, c) for c in gaps.index],
                             "gap": gaps["gap"].astype(float).to_numpy(),
                             "low": gaps["gap_low"].astype(float).to_numpy(),
                             "high": gaps["gap_high"].astype(float).to_numpy()})
    return means, gap_rows


def readiness_html(report: ReadinessReport, created: date | None = None) -> str:
    """The HTML of a wave's readiness briefing (what :func:`readiness_pdf` prints)."""
    created = created or date.today()
    results, names = report.results, report.names
    charts = {}
    if results.shown:
        means, gaps = _chart_rows(report)
        charts = {"bars": _svg_image(readiness_bars(means)),
                  "bars_text": readiness_radar_text(results, names).replace(
                      "Radar chart of", "Bars of"),
                  "gaps": _svg_image(readiness_gaps(gaps)) if len(gaps) else "",
                  "gaps_text": readiness_gap_text(results, names)}
    ladder = [{"rung": LADDER.get(r, r), "count": int(row["count"]),
               "share": f"{row['share']:.0%}"} for r, row in results.ladder.iterrows()]
    wave = report.wave
    return _TEMPLATES.get_template("readiness.html").render(
        partnership=report.partnership, wave=wave, place=report.place,
        instrument=report.instrument.label, created=created.strftime("%-d %B %Y"),
        respondents=results.respondents, shown=results.shown, min_group=MIN_GROUP,
        summary=summary_sentence(results, names), rows=category_rows(report),
        overall=overall_rows(results), charts=charts, ladder=ladder,
        ladder_answered=results.ladder_answered, sectors=sector_rows(report),
        change=change_rows(report),
        earlier=report.earlier["label"] if report.earlier else "",
        rules=RULES,
        footer=f"{report.partnership['name']} · {wave['label']} · readiness briefing · "
               f"{created.strftime('%-d %B %Y')}")


def readiness_pdf(report: ReadinessReport, created: date | None = None) -> bytes:
    """A wave's readiness briefing as a tagged A4 PDF (PDF/UA-1) with embedded fonts."""
    from weasyprint import HTML  # imported here: it loads system libraries (Pango)

    return HTML(string=readiness_html(report, created)).write_pdf(pdf_variant="pdf/ua-1")


def readiness_file_name(partnership: Mapping[str, Any], wave: Mapping[str, Any]) -> str:
    """A safe file name, such as ``readiness_oldham-partnership_2026.pdf``: only letters,
    digits and hyphens of the names are kept."""
    def slug(text: object) -> str:
        return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")

    parts = [p for p in (slug(partnership.get("name", "")), slug(wave.get("label", ""))) if p]
    return "_".join(["readiness", *parts]) + ".pdf"
