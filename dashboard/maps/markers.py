"""Community assets on the map: a two-letter symbol per category, clustered markers with
escaped popups, and :func:`map_text`, which makes any text safe to put in folium's tooltips,
popups and labels."""

from __future__ import annotations

import html

import folium
import pandas as pd
from folium.plugins import MarkerCluster

#: Two-letter symbols of the asset categories on the map (distinct without colour).
ASSET_SYMBOLS = {
    "library": "Li", "gp_practice": "GP", "pharmacy": "Ph", "dentist": "De",
    "care_home": "CH", "food_bank": "FB", "park_green_flag": "Pk",
    "polling_station_venue": "CV", "jobcentre": "JC", "school": "Sc",
    "further_education": "FE", "place_of_worship": "PW", "post_office": "PO",
    "hospital": "Ho", "fire_station": "FS", "community_organisation": "VC",
}


#: Characters that html.escape leaves but a JavaScript template literal would act on: folium
#: writes tooltips and popups into such literals, so ``${...}`` in a name would run.
_LITERAL_ENTITIES = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def map_text(value: object) -> str:
    """A user's or a file's text, safe to put in a folium tooltip, popup or label.

    It is escaped for HTML, and the characters a JavaScript template literal acts on are
    written as character references, so the text shows as written and never runs.

    Parameters
    ----------
    value : object
        The text (anything else is written with ``str``).

    Returns
    -------
    str
        The text as HTML.
    """
    return html.escape(str(value)).translate(_LITERAL_ENTITIES)


def asset_symbol(category: str) -> str:
    """The map symbol of an asset category.

    Parameters
    ----------
    category : str
        The category's code (``"food_bank"``).

    Returns
    -------
    str
        Its symbol in :data:`ASSET_SYMBOLS`, or the code's first two letters.
    """
    return ASSET_SYMBOLS.get(category, category[:2].title())


def asset_layer(assets: pd.DataFrame, labels: dict[str, str]) -> MarkerCluster:
    """Community assets as clustered, labelled markers with escaped popups.

    Parameters
    ----------
    assets : pandas.DataFrame
        ``name``, ``category``, ``lon``, ``lat`` and optionally ``address`` and
        ``last_verified``.
    labels : dict
        Plain names of the categories.

    Returns
    -------
    folium.plugins.MarkerCluster
        The layer "Community assets", shown.
    """
    cluster = MarkerCluster(name="Community assets", show=True,
                            options={"maxClusterRadius": 40})
    for asset in assets.itertuples(index=False):
        label = labels.get(asset.category, asset.category)
        checked = getattr(asset, "last_verified", None)
        details = [f"<b>{map_text(asset.name)}</b>", map_text(label)]
        if getattr(asset, "address", ""):
            details.append(map_text(asset.address))
        if checked is not None and not pd.isna(checked):
            details.append(f"Last checked {checked:%d %b %Y}")
        folium.Marker(
            [asset.lat, asset.lon],
            icon=folium.DivIcon(
                html=('<div style="font:700 10px sans-serif;color:#fff;background:#000;'
                      "border:2px solid #fff;border-radius:50%;width:22px;height:22px;"
                      'line-height:22px;text-align:center;transform:translate(-11px,-11px)">'
                      f"{map_text(asset_symbol(asset.category))}</div>"),
                icon_size=(0, 0)),
            popup=folium.Popup("<br>".join(details), max_width=260),
            tooltip=map_text(f"{asset.name} ({label})"),
        ).add_to(cluster)
    return cluster
