"""The voluntary and community sector's capacity by area, beside need.

What organisations say of themselves in the asset survey (see
:mod:`data.store.surveys`), per area and per field of work: organisations, paid staff
(full-time equivalent), volunteers and their hours, per 1,000 residents; the mix of the
sector's income; the organisations that depend on one source; the support it says it
needs; and the areas where need is high and capacity little.

**Counting rule.** An organisation is shared among the neighbourhoods (2021 LSOAs) it
serves in proportion to their residents (Census 2021): one serving two LSOAs of 1,500
and 500 residents counts as 0.75 of an organisation there and 0.25 here, and so do its
staff, volunteers and hours. A ward served stands for its LSOAs; one serving the whole
borough is shared across all of the borough's LSOAs; one that names no area serves the
LSOA of its base. Areas of any level add up their LSOAs' shares.

**Capacity in people.** Paid full-time equivalent plus volunteers' hours as full-time
equivalent (:data:`FTE_HOURS_A_MONTH` hours a month, 37.5 hours a week).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.stats.suppression import hidden, secondary

#: The International Classification of Nonprofit Organizations' twelve groups (ICNPO,
#: United Nations Handbook on Non-Profit Institutions, 2003): code -> (group, name).
FIELDS_OF_WORK: dict[str, tuple[int, str]] = {
    "culture_recreation": (1, "Culture, sport and recreation"),
    "education_research": (2, "Education and research"),
    "health": (3, "Health"),
    "social_services": (4, "Social services"),
    "environment": (5, "Environment"),
    "development_housing": (6, "Development and housing"),
    "law_advocacy": (7, "Law, advocacy and politics"),
    "philanthropy_volunteering": (8, "Grant-making and promoting volunteering"),
    "international": (9, "International"),
    "religion": (10, "Religion"),
    "business_professional": (11, "Business and professional associations, unions"),
    "other": (12, "Not elsewhere classified"),
}
#: Each field of work's index domains it serves, by the domain codes of the shipped specs
#: (the first the spec has is used): health organisations against the health domain,
#: social services, education and housing against deprivation, environmental groups
#: against the environment, law and advocacy (victim support, crime prevention) against
#: crime.
FIELD_DOMAINS: dict[str, tuple[str, ...]] = {
    "health": ("health",),
    "social_services": ("socio_economic", "income"),
    "education_research": ("socio_economic", "education"),
    "development_housing": ("socio_economic", "barriers", "housing"),
    "environment": ("environment", "living_environment"),
    "law_advocacy": ("crime",),
}
#: Annual income bands, as the Charity Commission and NCVO band charities' income.
INCOME_BANDS = ("under £10,000", "£10,000 to £100,000", "£100,000 to £1 million",
                "£1 million to £10 million", "over £10 million")
#: Each band's middle, in pounds: what an organisation's income is taken to be when the
#: sector's income is added up (for the income-weighted funding mix).
INCOME_MIDDLES = dict(zip(INCOME_BANDS, (5_000, 55_000, 550_000, 5_500_000, 15_000_000),
                          strict=True))


def income_band_of(pounds: float | None) -> str:
    """The band of :data:`INCOME_BANDS` an annual income falls in ("" for none)."""
    if pounds is None or pounds != pounds:
        return ""
    limits = (10_000, 100_000, 1_000_000, 10_000_000)
    return INCOME_BANDS[sum(pounds >= limit for limit in limits)]


#: The sources of income the survey asks the shares of.
FUNDING_SOURCES = {
    "council": "Council grants",
    "nhs": "NHS",
    "lottery_trusts": "National Lottery and trusts",
    "donations": "Donations and fundraising",
    "trading": "Trading and earned income",
    "contracts": "Contracts for services",
    "other": "Other",
}
#: The support an organisation can say it needs.
SUPPORT_NEEDS = {
    "funding": "Funding",
    "premises": "Premises",
    "volunteers": "Volunteers",
    "training": "Training",
    "digital": "Digital skills and equipment",
}
#: Volunteers' hours in a month that make one full-time equivalent (37.5 a week).
FTE_HOURS_A_MONTH = 37.5 * 52 / 12
#: An organisation depends on one source when more than this share of its income (per
#: cent) comes from it.
DEPENDENT_SHARE = 50.0
#: The figures of the capacity tables, in order.
FIGURES = ("organisations", "staff_fte", "volunteers", "volunteer_hours", "people_fte")
COUNTING_RULE = ("An organisation is shared among the neighbourhoods it serves in proportion "
                 "to their residents (Census 2021); one serving the whole borough across all "
                 "of them; one naming no area counts where it is based. Capacity in people "
                 "is paid full-time equivalent plus volunteers' hours at 37.5 hours a week.")


def organisations(register: pd.DataFrame) -> pd.DataFrame:
    """The organisations of the register that answered the survey (current ones, with a
    field of work)."""
    surveyed = register["survey_year"].notna() & register["fields_of_work"].map(bool) \
        .astype(bool)
    return register[surveyed & ~register["retired"].astype(bool)]


def working_in(orgs: pd.DataFrame, field: str) -> pd.DataFrame:
    """The organisations working in a field (a key of :data:`FIELDS_OF_WORK`)."""
    return orgs[orgs["fields_of_work"].map(lambda f: field in f).astype(bool)]


def shares(orgs: pd.DataFrame, residents: pd.Series, ward_of: pd.Series) -> pd.DataFrame:
    """Each organisation's share of each LSOA it serves (see the counting rule).

    Parameters
    ----------
    orgs : pandas.DataFrame
        From :func:`organisations`: ``id``, ``area_code`` (its base's LSOA), ``serves``
        (LSOA and ward codes) and ``serves_borough``.
    residents : pandas.Series
        Residents per LSOA of the borough.
    ward_of : pandas.Series
        Each of the borough's LSOAs' ward code.

    Returns
    -------
    pandas.DataFrame
        ``id``, ``lsoa`` and ``share`` (each organisation's shares add up to 1; one
        whose areas are all outside the borough has none).
    """
    lsoas_of_ward = ward_of.index.to_series().groupby(ward_of.to_numpy()).agg(list)
    rows = []
    for org in orgs.itertuples():
        if org.serves_borough:
            served = list(residents.index)
        else:
            served = [lsoa for code in org.serves
                      for lsoa in ([code] if code in residents.index
                                   else lsoas_of_ward.get(code, []))]
            served = list(dict.fromkeys(served)) or (
                [org.area_code] if org.area_code in residents.index else [])
        if not served:
            continue
        weights = residents.reindex(served).astype(float)
        weights = weights / weights.sum() if weights.sum() > 0 else \
            pd.Series(1 / len(served), index=served)
        rows += [(org.id, lsoa, share) for lsoa, share in weights.items()]
    return pd.DataFrame(rows, columns=["id", "lsoa", "share"])


def capacity(orgs: pd.DataFrame, shared: pd.DataFrame, members: pd.Series,
             residents: pd.Series, field: str | None = None) -> pd.DataFrame:
    """The sector's capacity per area: organisations, paid staff (FTE), volunteers, their
    hours a month and people (FTE), each also per 1,000 residents; and ``contributing``,
    how many organisations it is made from (for suppression).

    Parameters
    ----------
    orgs, shared : pandas.DataFrame
        From :func:`organisations` and :func:`shares`.
    members : pandas.Series
        The area each LSOA is in (indexed by LSOA code).
    residents : pandas.Series
        Residents per area (every area, so that one with no organisation counts 0).
    field : str, optional
        Only the organisations working in this field (a key of :data:`FIELDS_OF_WORK`).
    """
    figures = orgs.set_index("id")[["staff_fte", "volunteers", "volunteer_hours"]] \
        .astype(float).fillna(0.0)
    figures["organisations"] = 1.0
    figures["people_fte"] = figures["staff_fte"] + figures["volunteer_hours"] / FTE_HOURS_A_MONTH
    if field is not None:
        shared = shared[shared["id"].isin(working_in(orgs, field)["id"])]
    joined = shared.assign(area=shared["lsoa"].map(members)).dropna(subset=["area"])
    parts = figures.reindex(joined["id"]).mul(joined["share"].to_numpy(), axis=0)
    parts["area"] = joined["area"].to_numpy()
    table = parts.groupby("area")[list(FIGURES)].sum().reindex(residents.index, fill_value=0.0)
    table["contributing"] = joined.groupby("area")["id"].nunique() \
        .reindex(residents.index, fill_value=0).astype(int)
    for figure in FIGURES:
        table[f"{figure}_per_1000"] = table[figure] / residents * 1000
    return table


def borough_capacity(orgs: pd.DataFrame, residents: float) -> pd.DataFrame:
    """The borough's capacity, in all and per field of work: organisations (an
    organisation of several fields counts in each), staff (FTE), volunteers, hours and
    people (FTE), and each per 1,000 residents."""
    rows = {"All fields": orgs}
    for code, (_, name) in FIELDS_OF_WORK.items():
        rows[name] = working_in(orgs, code)
    out = pd.DataFrame({name: {
        "organisations": float(len(part)),
        "staff_fte": part["staff_fte"].astype(float).fillna(0).sum(),
        "volunteers": part["volunteers"].astype(float).fillna(0).sum(),
        "volunteer_hours": part["volunteer_hours"].astype(float).fillna(0).sum()}
        for name, part in rows.items()}).T
    out["people_fte"] = out["staff_fte"] + out["volunteer_hours"] / FTE_HOURS_A_MONTH
    out["contributing"] = out["organisations"].astype(int)
    for figure in FIGURES:
        out[f"{figure}_per_1000"] = out[figure] / residents * 1000
    return out


def hide_small(table: pd.DataFrame, threshold: int, totalled: bool = False) -> pd.DataFrame:
    """A capacity table as the public may read it: where 1 to ``threshold - 1``
    organisations make a row's figures, its staff, volunteer and hours figures are hidden
    (NaN), as one organisation's own figures could be read from them (a row of none
    shows its zeros); the number of organisations is the register's, public already, and
    stays.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`capacity` (or :func:`borough_capacity`), with ``contributing``.
    threshold : int
        The smallest number of organisations whose figures are shown.
    totalled : bool
        Whether the rows' total is shown elsewhere (the borough's, beside the areas'): then
        a lone hidden row is protected as :func:`data.stats.suppression.secondary` does,
        by hiding the next smallest too.
    """
    shown = table.copy()
    few = hidden(shown["contributing"], threshold)
    if totalled:
        few = secondary(shown["contributing"], few, [pd.Series("all", index=shown.index)])
    figures = [c for c in shown.columns if c.split("_per_1000")[0] in FIGURES
               and not c.startswith("organisations")]
    shown[figures] = shown[figures].astype(float).mask(few)
    return shown


def funding_mix(orgs: pd.DataFrame, field: str | None = None) -> pd.DataFrame:
    """The mix of the sector's income by source: how many organisations have any of it,
    the mean share across organisations (each counts the same), and the share of the
    sector's income (each weighted by its income band's middle, see
    :data:`INCOME_MIDDLES`; organisations with no band left out of it)."""
    if field is not None:
        orgs = working_in(orgs, field)
    answered = orgs[orgs["funding_shares"].map(bool).astype(bool)]
    shares_table = pd.DataFrame(list(answered["funding_shares"]), index=answered.index,
                                columns=list(FUNDING_SOURCES)).astype(float).fillna(0.0)
    income = pd.to_numeric(answered["income_band"].map(INCOME_MIDDLES), errors="coerce")
    pounds = shares_table.mul(income, axis=0).dropna()
    weighted = pounds.sum() / pounds.sum().sum() * 100 if len(pounds) and \
        pounds.sum().sum() else pd.Series(np.nan, index=shares_table.columns)
    return pd.DataFrame({
        "source": list(FUNDING_SOURCES.values()),
        "organisations": (shares_table > 0).sum().to_numpy(),
        "mean_share": shares_table.mean().to_numpy() if len(shares_table) else np.nan,
        "income_share": weighted.to_numpy(),
    }, index=list(FUNDING_SOURCES))


def dependent(orgs: pd.DataFrame, above: float = DEPENDENT_SHARE) -> pd.DataFrame:
    """The organisations that get more than ``above`` per cent of their income from one
    source: ``id``, ``name``, ``source`` (its name) and ``share``, largest share first."""
    rows = [(o.id, o.name, FUNDING_SOURCES.get(top, top), share)
            for o in orgs.itertuples() if o.funding_shares
            for top, share in [max(o.funding_shares.items(), key=lambda kv: kv[1])]
            if share > above]
    return pd.DataFrame(rows, columns=["id", "name", "source", "share"]) \
        .sort_values("share", ascending=False, kind="stable")


def support_wanted(orgs: pd.DataFrame) -> pd.DataFrame:
    """How many organisations say they need each kind of support, and the share of those
    that answered the survey, most wanted first."""
    counts = {code: int(orgs["support_needs"].map(lambda n, c=code: c in n).astype(bool).sum())
              for code in SUPPORT_NEEDS}
    out = pd.DataFrame({"support": list(SUPPORT_NEEDS.values()),
                        "organisations": list(counts.values())}, index=list(SUPPORT_NEEDS))
    out["share"] = out["organisations"] / len(orgs) * 100 if len(orgs) else np.nan
    return out.sort_values("organisations", ascending=False, kind="stable")


def domain_of(field: str, domains: Iterable[str]) -> str | None:
    """The index domain (of ``domains``, a spec's domain codes) a field of work serves."""
    present = list(domains)
    return next((d for d in FIELD_DOMAINS.get(field, ()) if d in present), None)


def need_against_capacity(scores: pd.Series, per_1000: pd.Series, names: pd.Series
                          ) -> pd.DataFrame:
    """Place each area by need (a domain's score, higher is more in need) and capacity
    (people per 1,000 residents) against the borough's medians; where at least half the
    areas have no capacity at all, "little capacity" means none.

    Returns
    -------
    pandas.DataFrame
        Indexed by area code: ``name``, ``score``, ``per_1000`` and ``quadrant`` (``high
        need, little capacity``, ``high need, more capacity``, ``lower need, little
        capacity``, ``lower need, more capacity``), most in need first.
    """
    frame = pd.DataFrame({"name": names.reindex(scores.index), "score": scores,
                          "per_1000": per_1000.reindex(scores.index).fillna(0.0)})
    median = frame["per_1000"].median()
    little = frame["per_1000"] <= 0 if median <= 0 else frame["per_1000"] < median
    need = frame["score"] > frame["score"].median()
    frame["quadrant"] = (need.map({True: "high need", False: "lower need"}) + ", "
                         + little.map({True: "little capacity", False: "more capacity"}))
    return frame.sort_values("score", ascending=False)


def serving(orgs: pd.DataFrame, shared: pd.DataFrame, lsoas: Iterable[str]) -> pd.DataFrame:
    """The organisations working in an area (serving any of its LSOAs): those serving it
    alone or with a few others first, those serving the whole borough last; with
    ``borough_wide`` and ``elsewhere``, how many LSOAs outside the area each serves."""
    wanted = set(lsoas)
    inside = shared["lsoa"].isin(wanted)
    ids = shared.loc[inside, "id"].unique()
    outside = shared[~inside].groupby("id").size()
    found = orgs[orgs["id"].isin(ids)]
    return found.assign(borough_wide=found["serves_borough"].astype(bool),
                        elsewhere=found["id"].map(outside).fillna(0).astype(int).to_numpy()) \
        .sort_values(["borough_wide", "elsewhere", "name"], kind="stable")


def public_figures(org: Mapping) -> dict[str, float | None]:
    """An organisation's staff and volunteer figures as the public may read them: its own,
    when it agreed to their being published; otherwise none."""
    keys = ("staff", "staff_fte", "volunteers", "volunteer_hours")
    return {k: (org.get(k) if org.get("figures_public") else None) for k in keys}


@dataclass(frozen=True)
class Sector:
    """A borough's voluntary and community sector, counted by the counting rule at one
    level of areas: the front door of this module for pages, briefings and exports.

    Attributes
    ----------
    orgs : pandas.DataFrame
        The organisations that answered the survey (see :func:`organisations`).
    shared : pandas.DataFrame
        Their shares of the LSOAs they serve (see :func:`shares`).
    members : pandas.Series
        The area each LSOA is in.
    residents : pandas.Series
        Residents per area.
    """

    orgs: pd.DataFrame
    shared: pd.DataFrame
    members: pd.Series
    residents: pd.Series

    @classmethod
    def of(cls, register: pd.DataFrame, lsoa_residents: pd.Series, ward_of: pd.Series,
           members: pd.Series, residents: pd.Series) -> Sector:
        """Count the register's organisations (see :func:`shares`) for areas whose
        LSOAs are ``members``, with ``residents`` per area."""
        orgs = organisations(register)
        return cls(orgs, shares(orgs, lsoa_residents, ward_of), members, residents)

    def by_area(self, field: str | None = None) -> pd.DataFrame:
        """The capacity of each area (see :func:`capacity`), in all or in one field."""
        return capacity(self.orgs, self.shared, self.members, self.residents, field)

    def in_borough(self) -> pd.DataFrame:
        """The borough's capacity in all and per field (see :func:`borough_capacity`)."""
        return borough_capacity(self.orgs, float(self.residents.sum()))

    def serving(self, area: str) -> pd.DataFrame:
        """The organisations working in an area (see :func:`serving`)."""
        return serving(self.orgs, self.shared, self.members.index[self.members == area])


#: What each column of the public capacity tables holds, for their metadata.
COLUMN_NOTES = {
    "organisations": "Organisations working in the area, shared by the counting rule.",
    "contributing": "How many organisations the row's figures are made from.",
    "staff_fte": "Paid staff, full-time equivalent.",
    "volunteers": "Volunteers (people).",
    "volunteer_hours": "Volunteers' hours in a typical month.",
    "people_fte": "Paid full-time equivalent plus volunteers' hours at 37.5 hours a week.",
    "_per_1000": "Any figure above per 1,000 residents (Census 2021).",
    "mean_share": "The mean share (per cent) of organisations' income from the source.",
    "income_share": "The source's share (per cent) of the sector's income, each "
                    "organisation weighted by the middle of its income band.",
}


def public_tables(sector: Sector, names: pd.Series, threshold: int) -> dict[str, pd.DataFrame]:
    """The capacity tables as the public may read them (pages, downloads, briefings),
    figures made from fewer than ``threshold`` organisations hidden (see
    :func:`hide_small`).

    Returns
    -------
    dict
        ``by_area`` (each area, named), ``by_field`` (the borough in all and per field),
        ``by_area_and_field`` (organisations, and organisations and people per 1,000, per
        area and field),
        ``funding_mix`` (hidden whole when fewer organisations gave their funding) and
        ``support`` (counts below the threshold hidden).
    """
    by_area = hide_small(sector.by_area(), threshold, totalled=True)
    by_area.insert(0, "name", names.reindex(by_area.index))
    by_area.insert(1, "residents", sector.residents.reindex(by_area.index))
    long = []
    for code, (_, label) in FIELDS_OF_WORK.items():
        part = hide_small(sector.by_area(code), threshold, totalled=True)
        long.append(pd.DataFrame({"code": part.index, "name": names.reindex(part.index).values,
                                  "field_of_work": label,
                                  "organisations": part["organisations"].values,
                                  "organisations_per_1000":
                                      part["organisations_per_1000"].values,
                                  "people_fte_per_1000": part["people_fte_per_1000"].values}))
    mix = funding_mix(sector.orgs)
    if sector.orgs["funding_shares"].map(bool).astype(bool).sum() < threshold:
        mix[["mean_share", "income_share"]] = np.nan
    support = support_wanted(sector.orgs)
    few = (support["organisations"] > 0) & (support["organisations"] < threshold)
    support[["organisations", "share"]] = support[["organisations", "share"]].astype(float) \
        .mask(few)
    return {"by_area": by_area.rename_axis("code"),
            "by_field": hide_small(sector.in_borough(), threshold).rename_axis("field_of_work"),
            "by_area_and_field": pd.concat(long, ignore_index=True),
            "funding_mix": mix.rename_axis("code"), "support": support.rename_axis("code")}


def listing(found: pd.DataFrame, area_name: str, borough: str) -> pd.DataFrame:
    """Organisations working in an area (from :meth:`Sector.serving`) as the public may
    read them, as text: ``Organisation``, ``Fields of work``, ``Where`` (here, here and
    other neighbourhoods, or the whole borough), and their ``Paid staff (FTE)`` and
    ``Volunteers``: "not published" unless they agreed to their figures being published
    (see :func:`public_figures`), "not given" where they did not say."""

    def figure(org: Mapping, key: str, form: str) -> str:
        if not org.get("figures_public"):
            return "not published"
        value = public_figures(org)[key]
        return "not given" if value is None or value != value else format(value, form)

    rows = []
    for org in found.to_dict("records"):
        rows.append({
            "Organisation": org["name"],
            "Fields of work": "; ".join(FIELDS_OF_WORK[f][1] for f in org["fields_of_work"]
                                        if f in FIELDS_OF_WORK),
            "Where": f"all of {borough}" if org["serves_borough"] else
            f"here and {org['elsewhere']} other neighbourhood"
            f"{'s' if org['elsewhere'] != 1 else ''}" if org.get("elsewhere") else "here",
            "Paid staff (FTE)": figure(org, "staff_fte", "g"),
            "Volunteers": figure(org, "volunteers", ".0f")})
    return pd.DataFrame(rows, columns=["Organisation", "Fields of work", "Where",
                                       "Paid staff (FTE)", "Volunteers"])


def turn_to(found: pd.DataFrame, most: int = 2) -> str:
    """The organisations residents of an area can turn to, in a line for meeting mode:
    those working in the area first, up to ``most`` names ("" for none)."""
    names = list(found["name"])
    if not names:
        return ""
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")
