"""What the pages share in a session, and every key it is kept under: the place, level and
neighbourhood chosen (kept in the URL too: ?borough=, ?level=, ?area=), the working spec,
the person's role, the settings of the Robustness page and what each map has been sent.

Every session-state key and query parameter the app reads or writes is declared here, once
(widgets' own keys stay with their widgets)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from data.areas.geography import DEFAULT_BOROUGH
from data.settings import data_root
from indices.sensitivity import SensitivitySettings

#: The selected neighbourhood: a session key and the query parameter ``?area=CODE``.
AREA_KEY = "area"
#: The chosen borough (or Greater Manchester) and level: the sidebar's keys, and the query
#: parameters ``?borough=`` and ``?level=`` that keep them in the URL.
BOROUGH_KEY = "borough"
LEVEL_KEY = "level"
#: The query parameter ``?mode=meeting`` that opens meeting mode.
MODE_PARAM = "mode"
#: The query parameter ``?survey=SECRET`` that opens the asset survey of a link, and
#: nothing else of the app.
SURVEY_PARAM = "survey"
#: Environment variable with the public address the survey is reached at (such as
#: ``https://survey.example.gov.uk/``), where it is not the address of this app.
SURVEY_URL_ENV = "TCI_SURVEY_URL"
#: The asset survey: what the last answers sent from this session were (the organisation's
#: name and its private link, if one was made), for the thank-you.
SURVEY_SENT_KEY = "survey_sent"
#: The editors' asset survey page: the link just made (a private one is shown only once).
SURVEY_NEW_LINK_KEY = "survey_new_link"
#: The editors' asset survey page: each file layout's column matching (a hash of its
#: headings -> field -> heading), kept apart from its widgets, which a run without the file
#: (between one upload and the next) forgets.
SURVEY_MATCHING_KEY = "survey_matching"
#: The editors' asset survey page: why the last decision on answers was refused, to show.
SURVEY_PROBLEM_KEY = "survey_problem"
#: The query parameter ``?readiness=SECRET`` that opens a partnership's readiness survey of
#: a link, and nothing else of the app.
READINESS_PARAM = "readiness"
#: The readiness survey: that this session's answers were sent (for the thank-you).
READINESS_SENT_KEY = "readiness_sent"
#: The readiness pages: each file layout's column matching (as SURVEY_MATCHING_KEY).
READINESS_MATCHING_KEY = "readiness_matching"
#: The readiness pages: what the last change refused said, to show.
READINESS_PROBLEM_KEY = "readiness_problem"
#: The person's role (viewer, editor, administrator), set at the start of every run.
ROLE_KEY = "role"
#: The working spec, as YAML: what every page builds.
SPEC_KEY = "working_spec_yaml"
#: Why no data was found, for the page that offers to fetch it.
NO_DATA_KEY = "no_data_reason"
#: The name a person writes notes and edits under, where nobody signs in.
WHO_KEY = "notes_who"
#: The builder: the spec its editors start from, and a number bumped to reset them when
#: another spec is loaded.
BUILDER_BASE_KEY = "builder_base_yaml"
BUILDER_VERSION_KEY = "builder_version"
#: The live maps of the Map page, meeting mode and the builder.
EXPLORE_MAP_KEY = "explore_map"
MEETING_MAP_KEY = "meeting_map"
BUILDER_MAP_KEY = "builder_map"
#: The Change over time page's maps: IoD2019 to IoD2025, and between two saved editions.
CHANGE_MAP_KEY = "change_map"
EDITIONS_MAP_KEY = "editions_map"
#: The Map page: the asset categories shown over the map.
EXPLORE_ASSETS_KEY = "explore_assets"
#: The rates page: whether funnels allow for over-dispersion, and for which indicator and
#: areas that was chosen (a new choice of them starts without).
OVERDISPERSION_KEY = "rates_overdispersion"
OVERDISPERSION_FOR_KEY = "rates_overdispersion_for"
#: The briefings page: the ZIP of every briefing last made, with the areas it was made for.
BRIEFING_ARCHIVE_KEY = "briefing_archive"
#: Per map widget: the ids of the base and paint this browser session has been sent.
MAP_SENT_KEY = "live_map_sent"
#: Meeting mode: the position of the card shown, in the order of need.
MEETING_CARD_KEY = "meeting_card"
#: A confirmation to show once, after the run that saved something has rerun the page.
FLASH_KEY = "flash"
#: Per map widget: the last click already acted on.
MAP_CLICKS_KEY = "live_map_clicks"
#: Per record shown with forms or buttons (kind, id): the version the person last saw.
SEEN_KEY = "seen_versions"
#: Community assets: what the page's counts of assets were drawn from (see the page).
ASSETS_COUNTED_KEY = "assets_counted"
#: Areas like this one: the map of the area and its statistical neighbours.
NEIGHBOURS_MAP_KEY = "neighbours_map"


def version_seen(kind: str, record: Mapping[str, Any]) -> int:
    """The version of a record that the person saw when they last had the page.

    Forms and buttons act on this version, not on the one read in the run their click
    starts: a change a colleague saved in between is then refused, with the newer version
    shown, rather than lost or undone.
    """
    return st.session_state.get(SEEN_KEY, {}).get((kind, record["id"]), record["version"])


def saw(kind: str, record: Mapping[str, Any]) -> None:
    """Record the version of a record that the page now shows (see :func:`version_seen`)."""
    st.session_state.setdefault(SEEN_KEY, {})[(kind, record["id"])] = record["version"]


def place() -> tuple[str, str]:
    """The data folder and the borough (or Greater Manchester) this session has chosen."""
    return str(data_root()), st.session_state.get(BOROUGH_KEY, DEFAULT_BOROUGH)


def role() -> str:
    """The person's role in this run (a viewer until the app has said otherwise)."""
    return st.session_state.get(ROLE_KEY, "viewer")


def selected_area(codes: Sequence[str]) -> str:
    """Return the selected area's code: from the session, else the URL, else the first code."""
    code = st.session_state.get(AREA_KEY) or st.query_params.get(AREA_KEY)
    if code not in codes:
        code = codes[0]
    st.session_state[AREA_KEY] = code
    return code


def select_area(code: str) -> None:
    """Make an area the selected one, here and in the URL."""
    st.session_state[AREA_KEY] = code
    st.query_params[AREA_KEY] = code


def flash(message: str) -> None:
    """Say, on the next run of the page, that something was done ("Note added.").

    The message is shown as Markdown: escape any user's text in it with
    :func:`dashboard.text.plain`.
    """
    st.session_state[FLASH_KEY] = message


def show_flash() -> None:
    """Show the confirmation left by :func:`flash`, once (call on every run)."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.toast(message, icon=":material/check_circle:")


def _robustness_defaults() -> dict[str, object]:
    default = SensitivitySettings()
    return {"robust_draws": default.draws, "robust_seed": default.seed,
            "robust_spread": round(default.weight_range * 100),
            "robust_norms": list(default.normalisations),
            "robust_aggs": list(default.aggregations), "robust_loo": default.leave_one_out}


def keep_settings() -> None:
    """Keep the Robustness page's settings for the whole session (call on every run).

    Streamlit drops the state of a widget that a run does not show, so they
    would go back to their defaults whenever another page was opened; a key
    set from itself belongs to the session and outlives its page.
    """
    for key, default in _robustness_defaults().items():
        st.session_state[key] = st.session_state.get(key, default)


def sensitivity_settings() -> SensitivitySettings:
    """The sensitivity settings chosen on the Robustness page (the defaults until changed)."""
    chosen = {key: st.session_state.get(key, default)
              for key, default in _robustness_defaults().items()}
    return SensitivitySettings(
        draws=int(chosen["robust_draws"]), seed=int(chosen["robust_seed"]),
        weight_range=chosen["robust_spread"] / 100,
        normalisations=tuple(chosen["robust_norms"]),
        aggregations=tuple(chosen["robust_aggs"]), leave_one_out=bool(chosen["robust_loo"]))


def survey_address(secret: str) -> str:
    """The address of a survey link: the survey's public address (``TCI_SURVEY_URL``), or
    this app's own (its host and base path, whichever page it is asked on), with
    ``?survey=SECRET``."""
    base = os.environ.get(SURVEY_URL_ENV, "").strip()
    if not base:
        here = urlsplit(str(st.context.url or "http://localhost:8501/"))
        path = str(st.get_option("server.baseUrlPath") or "").strip("/")
        base = f"{here.scheme}://{here.netloc}/{path}"
    return f"{base.rstrip('/')}/?{SURVEY_PARAM}={secret}"


def readiness_address(secret: str) -> str:
    """The address of a readiness survey link: as :func:`survey_address`, with
    ``?readiness=SECRET``."""
    return survey_address("").removesuffix(f"?{SURVEY_PARAM}=") + f"?{READINESS_PARAM}={secret}"
