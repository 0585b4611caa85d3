"""Index builder page: choose indicators, domains, weights and methods; save and load specs."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard import cache, stores
from dashboard.builder import (
    DIRECTION_LABELS,
    IMPUTATION_GROUPS,
    frames_to_spec,
    imputation_group,
    indicator_columns,
    spec_to_frames,
)
from dashboard.components import live_map
from dashboard.components.area_picker import need_order
from dashboard.state import (
    BUILDER_BASE_KEY,
    BUILDER_MAP_KEY,
    BUILDER_VERSION_KEY,
    select_area,
    selected_area,
)
from dashboard.text import plain
from data.errors import DataLayerError
from indices.aggregate import AGGREGATORS, MISSING_LABELS, MISSING_RULES
from indices.diagnostics import flags
from indices.errors import IndicesError
from indices.impute import IMPUTERS
from indices.normalise import NORMALISERS
from indices.outliers import LOG_LABELS, LOG_TRANSFORMS, OUTLIER_LABELS, OUTLIER_METHODS
from indices.presets import load_preset, preset_names
from indices.spec import Normalisation, spec_from_yaml, spec_to_yaml
from indices.weighting import WEIGHTINGS

work = cache.current()
borough, areas, run = work.borough, work.areas, work.run
# within-group imputation groups LSOAs by ward, and larger areas by borough
GROUP = imputation_group(areas.level)
GROUP_NAME = IMPUTATION_GROUPS[GROUP]
store = stores.spec_store()


def methods_help(names: list[str], label: Callable[[str], str],
                 describe: Callable[[str], str]) -> str:
    """Each method's plain label and description, for a chooser's help."""
    return "\n\n".join(f"**{label(name)}**: {describe(name)}" for name in names)


def imputation_label(method: str) -> str:
    """An imputation method as the menu shows it, naming the groups of a within-group one."""
    label = IMPUTERS.label(method)
    return f"{label} (by {GROUP_NAME})" if method.startswith("group") else label


def spec_choice_label(choice: str) -> str:
    """A spec in the "Start from" menu: a saved one by the name it was saved as, a shipped
    one by its title."""
    kind, name = choice.split(": ", 1)
    return choice if kind == "Saved" else f"Shipped: {load_preset(name).name}"


def start_from(spec) -> None:
    """Load a spec into the editors and make it the working one.

    A spec that cannot be built over these areas raises IndicesError (or DataLayerError)
    and changes nothing: made the working one, it would leave every page, this one too,
    showing only the error.
    """
    cache.build(spec)
    st.session_state[BUILDER_BASE_KEY] = spec_to_yaml(spec)
    st.session_state[BUILDER_VERSION_KEY] = st.session_state.get(BUILDER_VERSION_KEY, 0) + 1
    cache.use_spec(spec)


version = st.session_state.get(BUILDER_VERSION_KEY, 0)
# Streamlit forgets the state of widgets a run does not show, so coming back from another
# page the editors would start again from the spec first opened here and, on their first
# run, quietly undo every change made since: start them from the working spec instead.
if BUILDER_BASE_KEY not in st.session_state or f"builder_norm_{version}" not in st.session_state:
    st.session_state[BUILDER_BASE_KEY] = spec_to_yaml(run.spec)
base = cache.spec_of(st.session_state[BUILDER_BASE_KEY])

st.title("Index builder")
st.caption("Choose the indicators, group them into domains, set directions and weights, and "
           "choose the methods. The map, ranks and profiles follow your changes. They last "
           "while this browser tab is open: download the spec or save it by name (below) to "
           "keep it.")

with st.expander("Start from a shipped, saved or uploaded spec", expanded=False):
    shipped = [f"Shipped: {name}" for name in preset_names()]
    saved = [f"Saved: {name}" for name in store.names()]
    choice = st.selectbox("Spec", shipped + saved, index=None, key="builder_start_choice",
                          placeholder="Choose a shipped or saved spec",
                          format_func=spec_choice_label)
    if st.button("Load this spec", key="builder_load", disabled=choice is None):
        kind, name = choice.split(": ", 1)
        try:
            start_from(load_preset(name) if kind == "Shipped" else store.load(name))
            st.rerun()
        except (IndicesError, DataLayerError) as error:
            st.error(f"{plain(str(error))}\n\nThe index in use is unchanged.")
    upload = st.file_uploader("Or upload a spec (YAML)", type=["yaml", "yml"],
                              key=f"builder_upload_{version}")
    if upload is not None:
        try:
            start_from(spec_from_yaml(upload.getvalue().decode("utf-8"), upload.name))
            st.rerun()
        except (IndicesError, DataLayerError, UnicodeDecodeError) as error:
            message = str(error)
            if not message.startswith(upload.name):  # a spec's own errors start with it
                message = f"{upload.name}: {message}"
            st.error(f"{plain(message)}\n\nThe index in use is unchanged.")

st.markdown("#### Methods")
left, middle, right = st.columns(3)
imputation_names = IMPUTERS.names()
imputation = left.selectbox(
    "Imputation of missing values", imputation_names,
    index=imputation_names.index(base.imputation.method), key=f"builder_imputation_{version}",
    format_func=imputation_label,
    help=methods_help(imputation_names, imputation_label, IMPUTERS.describe))
outlier_method = left.selectbox(
    "Outlier treatment", OUTLIER_METHODS, index=OUTLIER_METHODS.index(base.outliers.method),
    key=f"builder_outliers_{version}", format_func=OUTLIER_LABELS.get,
    help=f"**{OUTLIER_LABELS['winsorise']}**: an indicator whose skewness and excess kurtosis "
         "are both beyond the thresholds has its most extreme value set to the next one in, a "
         "value at a time, up to the number given; if that is not enough it is log-transformed "
         "instead (as COINr does). Changed cells are flagged.")
normalisation = middle.selectbox(
    "Normalisation", NORMALISERS.names(),
    index=NORMALISERS.names().index(base.normalisation.method), key=f"builder_norm_{version}",
    format_func=NORMALISERS.label,
    help=methods_help(NORMALISERS.names(), NORMALISERS.label, NORMALISERS.describe))
weighting = middle.selectbox(
    "Weights within domains", WEIGHTINGS.names(), index=WEIGHTINGS.names().index(base.weighting),
    key=f"builder_weighting_{version}", format_func=WEIGHTINGS.label,
    help=methods_help(WEIGHTINGS.names(), WEIGHTINGS.label, WEIGHTINGS.describe))
aggregation = right.selectbox(
    "Aggregation", AGGREGATORS.names(), index=AGGREGATORS.names().index(base.aggregation),
    key=f"builder_aggregation_{version}", format_func=AGGREGATORS.label,
    help=methods_help(AGGREGATORS.names(), AGGREGATORS.label, AGGREGATORS.describe))
missing = right.selectbox(
    "Missing values left after imputation", list(MISSING_RULES),
    index=list(MISSING_RULES).index(base.missing), key=f"builder_missing_{version}",
    format_func=MISSING_LABELS.get,
    help="\n\n".join(f"**{MISSING_LABELS[k]}**: {v}" for k, v in MISSING_RULES.items()))
thresholds = {}
if outlier_method == "winsorise":
    a, b, c, d = st.columns(4)
    thresholds = {
        "skew": a.number_input("Skewness above", 0.1, 20.0, float(base.outliers.skew), 0.1,
                               key=f"builder_skew_{version}"),
        "kurtosis": b.number_input("and excess kurtosis above", 0.1, 50.0,
                                   float(base.outliers.kurtosis), 0.1,
                                   key=f"builder_kurt_{version}"),
        "max_winsorised": c.number_input("Winsorise at most (values per indicator)", 1, 100,
                                         int(base.outliers.max_winsorised),
                                         key=f"builder_winmax_{version}"),
        "log": d.selectbox("Then, if not enough, log-transform as", LOG_TRANSFORMS,
                           index=LOG_TRANSFORMS.index(base.outliers.log),
                           format_func=LOG_LABELS.get, key=f"builder_log_{version}"),
    }

# what came of these choices: next to them, where a refusal is seen as a method is changed
status = st.container()
domains, indicators = spec_to_frames(base)
columns = indicator_columns(areas.table)
domains_column, map_column = st.columns([3, 2], gap="medium")
domains_column.markdown("#### Domains")
domains = domains_column.data_editor(
    domains, num_rows="dynamic", hide_index=True, width="stretch",
    key=f"builder_domains_{version}",
    column_config={
        "code": st.column_config.TextColumn("Code", required=True),
        "name": st.column_config.TextColumn("Name"),
        "weight": st.column_config.NumberColumn("Weight", min_value=0.0, step=0.1),
    },
)
st.markdown("#### Indicators")
st.caption("Add a row to add an indicator; pick its column from any loaded table. Give a "
           "denominator to turn a count into a rate (per 1,000 unless the scale says otherwise).")
indicators = st.data_editor(
    indicators, num_rows="dynamic", hide_index=True, width="stretch",
    key=f"builder_indicators_{version}",
    column_config={
        "domain": st.column_config.TextColumn("Domain", required=True),
        "code": st.column_config.TextColumn("Code", required=True),
        "name": st.column_config.TextColumn("Name"),
        "column": st.column_config.SelectboxColumn("Column", options=columns, required=True),
        "direction": st.column_config.SelectboxColumn(
            "Direction", options=list(DIRECTION_LABELS.values()), required=True),
        "weight": st.column_config.NumberColumn("Weight", min_value=0.0, step=0.1),
        "unit": st.column_config.TextColumn("Unit"),
        "denominator": st.column_config.SelectboxColumn("Denominator", options=[""] + columns),
        "scale": st.column_config.NumberColumn("Per", min_value=1.0, step=100.0),
        "source": st.column_config.TextColumn("Source file"),
        "year": st.column_config.TextColumn("Year"),
    },
)

chosen_normalisation = (base.normalisation if normalisation == base.normalisation.method
                        else Normalisation(normalisation))
methods = {
    "imputation": {"method": imputation, "group": GROUP} if imputation.startswith("group")
    else imputation,
    "outliers": {"method": outlier_method, **thresholds},
    "normalisation": chosen_normalisation.to_yaml_value(),
    "weighting": weighting,
    "aggregation": aggregation,
    "missing": missing,
}
try:
    spec = frames_to_spec(base, domains, indicators, methods, borough.sources)
    built = cache.build(spec)
except IndicesError as error:
    status.error(f"{plain(str(error))}\n\nThe map and profiles keep showing the last index "
                 "that worked.", icon=":material/error:")
    st.toast("This index cannot be built: the reason is under Methods.", icon=":material/error:")
    st.stop()
cache.use_spec(spec)
with map_column:
    st.markdown("#### The map of this index")
    clicked = live_map.clicked(BUILDER_MAP_KEY)
    if clicked in areas.table.index:
        select_area(clicked)
    base, paint = cache.map_parts(spec.code, "quintiles")
    live_map.live_map(base, paint, selected_area(need_order(built)), key=BUILDER_MAP_KEY,
                      height=360)
    st.caption("Fifths of the areas by score, darkest with the most need. It follows every "
               "change above; hover an area for its score and rank.")

status.success(f"{plain(spec.name)}: {len(spec.indicators)} indicators in {len(spec.domains)} "
               f"domains, built over {len(built.scores)} neighbourhoods. The map, profiles and "
               "robustness pages now show it.", icon=":material/check_circle:")

st.markdown("#### Checks")
found = flags(built)
names = {node.code: node.name or node.code for node in (*spec.domains, *spec.indicators)}
if found.empty:
    st.write("No indicator runs against its own domain, and none duplicates another.")
else:
    st.dataframe(found.assign(indicator=found["indicator"].map(names),
                              other=found["other"].map(names),
                              correlation=found["correlation"].round(2)),
                 hide_index=True, width="stretch",
                 column_config={"indicator": "Indicator", "issue": "Issue",
                                "other": "Domain or indicator", "correlation": "Correlation"})
changes = [
    f"{names[code]}: {int(built.imputed_flags[code].sum())} value(s) imputed"
    for code in built.imputed_flags if built.imputed_flags[code].any()
] + [f"{names[code]}: {note}" for code, note in built.treatment_notes.items() if note]
if changes:
    st.markdown("\n".join(f"- {plain(line)}" for line in changes))
if spec.weighting != "manual":
    st.markdown("Weights used within domains, from the data:")
    st.dataframe(
        [{"Domain": d.name or d.code, "Indicator": i.name or i.code,
          "Weight": round(float(built.weights[i.code]), 3)}
         for d in spec.domains for i in d.indicators],
        hide_index=True, width="stretch")

st.markdown("#### Save")
yaml_text = spec_to_yaml(spec)
save_left, save_right = st.columns(2)
save_left.download_button("Download the spec (YAML)", yaml_text, f"{spec.code}.yaml",
                          "application/x-yaml", key="builder_download")
name = save_right.text_input("Save it in the app as", key="builder_save_name",
                             placeholder="for example: Oldham TCI with wellbeing")
if save_right.button("Save", key="builder_save", disabled=not name):
    try:
        store.save(name, spec)
        save_right.success(f"Saved as {plain(repr(name))}; load it from “Start from” at any "
                           "time.")
    except DataLayerError as error:  # quotes the name given
        save_right.error(plain(str(error)))
