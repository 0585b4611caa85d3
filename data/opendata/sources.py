"""The catalogue of open datasets the app reads, with their licences and attribution.

The texts here come from ``SOURCES.md`` in the data folder; a test keeps them
in step with it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The attribution every view and export of the statistics must carry.
ATTRIBUTION = (
    "Contains National Statistics data © Crown copyright and database right 2011–2025. "
    "Contains OS data © Crown copyright and database right 2011–2025. Contains public sector "
    "information licensed under the Open Government Licence v3.0 "
    "(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/)."
)


@dataclass(frozen=True)
class Dataset:
    """One data file: what it is, who published it and under which licence."""

    file: str
    title: str
    publisher: str
    period: str
    licence: str
    attribution: str = ""


LSOA21_BOUNDARIES = "lsoa21_greater_manchester.geojson"
WARD_BOUNDARIES = "wards2023_greater_manchester.geojson"
MSOA21_BOUNDARIES = "msoa21_greater_manchester.geojson"
LAD_BOUNDARIES = "lad2023_greater_manchester.geojson"
IOD2025 = "iod2025_lsoa21_greater_manchester.csv"
IOD2025_INDICATORS = "iod2025_indicators_lsoa21_greater_manchester.csv"
CENSUS2021 = "census2021_lsoa21_greater_manchester.csv"
ROAD_CASUALTIES = "road_casualties_stats19_greater_manchester_2019-2024H1.csv"
GREENSPACE_ACCESS = "greenspace_access_points_greater_manchester.csv"
BURGLARY_POINTS = "crime_burglary_points_oldham_2016-02_2019-01.csv"

_OGL = "Open Government Licence v3.0"

DATASETS: dict[str, Dataset] = {
    d.file: d
    for d in (
        Dataset(LSOA21_BOUNDARIES, "LSOA (Dec 2021) Boundaries Generalised Clipped EW, with "
                "the LSOA 2021 to ward 2024 best-fit lookup", "Office for National Statistics",
                "2021 (ward lookup 2024)", _OGL),
        Dataset(WARD_BOUNDARIES, "Wards (May 2023) Boundaries UK BGC",
                "Office for National Statistics", "May 2023", _OGL),
        Dataset(MSOA21_BOUNDARIES, "MSOA (Dec 2021) Boundaries Generalised Clipped EW",
                "Office for National Statistics", "2021", _OGL),
        Dataset(LAD_BOUNDARIES, "Local Authority Districts (2023) generalised boundaries",
                "Office for National Statistics", "2023", _OGL),
        Dataset(IOD2025, "English Indices of Deprivation 2025, File 7: ranks, scores and "
                "deciles", "Ministry of Housing, Communities and Local Government", "2025", _OGL),
        Dataset(IOD2025_INDICATORS, "English Indices of Deprivation 2025, File 8: underlying "
                "indicators", "Ministry of Housing, Communities and Local Government", "2025",
                _OGL),
        Dataset(CENSUS2021, "Census 2021 (TS038 disability, TS011 household deprivation, TS052 "
                "occupancy, TS054 tenure) via Nomis", "Office for National Statistics",
                "March 2021", _OGL),
        Dataset(ROAD_CASUALTIES, "STATS19 road casualties recorded by Greater Manchester "
                "Police", "Transport for Greater Manchester", "January 2019 to June 2024",
                'OS "Free to Use Data" Licence',
                "Contains OS data © Crown copyright and database rights 2023"),
        Dataset(BURGLARY_POINTS, "police.uk street-level crime: burglaries recorded by Greater "
                "Manchester Police in Oldham (anonymised map points)", "Home Office "
                "(data.police.uk)", "February 2016 to January 2019", _OGL),
        Dataset(GREENSPACE_ACCESS, "OS Open Greenspace access points", "Ordnance Survey",
                "October 2023", _OGL,
                "Contains Ordnance Survey data © Crown copyright and database right 2023"),
    )
}


def dataset(file: str) -> Dataset | None:
    """Return the catalogue entry for a data file name, or None if it is not catalogued."""
    return DATASETS.get(file)


IOD2019 = "iod2019_lsoa11_greater_manchester.csv"
IOD2019_INDICATORS = "iod2019_indicators_lsoa11_greater_manchester.csv"
LOOKUP_2011_2021 = "lookup_lsoa11_lsoa21_greater_manchester.csv"
COMMUNITY_ASSETS = "community_assets_greater_manchester.csv"

for _entry in (
    Dataset(IOD2019, "English Indices of Deprivation 2019, File 7: ranks and deciles (2011 "
            "LSOAs)", "Ministry of Housing, Communities and Local Government", "2019", _OGL),
    Dataset(IOD2019_INDICATORS, "English Indices of Deprivation 2019, File 8: underlying "
            "indicators (2011 LSOAs)", "Ministry of Housing, Communities and Local Government",
            "2019", _OGL),
    Dataset(LOOKUP_2011_2021, "LSOA (2011) to LSOA (2021) to LAD (2022) lookup",
            "Office for National Statistics", "2022", _OGL),
    Dataset(COMMUNITY_ASSETS, "Community assets (libraries, GP practices, pharmacies, "
            "dentists, care homes, food banks, places of worship, schools, venues and more), "
            "compiled by Trafford Data Lab from DCMS, CQC, NHSBSA, OS OpenMap Local and others",
            "Trafford Data Lab", "2018 to 2025", "Open Government Licence v3.0 (as stated by "
            "each source)", "Contains OS data © Crown copyright and database right 2018"),
):
    DATASETS[_entry.file] = _entry


#: The postcode lookup a borough's postcodes are placed with: not in the data folder, but
#: fetched for a borough (see :mod:`data.fetch.postcodes`), or put in the data folder
#: under this name by a council.
POSTCODES = "nspl_postcodes.csv"
POSTCODE_LOOKUP = Dataset(
    POSTCODES, "National Statistics Postcode Lookup (latest release)",
    "Office for National Statistics", "the latest quarterly release", _OGL,
    "Contains OS data © Crown copyright and database right; contains Royal Mail data © "
    "Royal Mail copyright and database right; source: Office for National Statistics "
    "licensed under the Open Government Licence v3.0")


#: The Charity Commission's register, as fetched (see :mod:`data.fetch.charities`): the
#: registered main charities of England and Wales, kept apart from the data folder.
CHARITIES = "charity_register.csv"
CHARITY_REGISTER = Dataset(
    CHARITIES, "Register of charities in England and Wales (full extract, charity table)",
    "Charity Commission for England and Wales", "the latest daily extract", _OGL,
    "Contains public sector information licensed under the Open Government Licence v3.0; "
    "source: Charity Commission for England and Wales")
