"""Methods page: a plain account of the index, generated from its spec."""

from __future__ import annotations

import streamlit as st

from dashboard import cache
from dashboard.methods import indicator_table, methods_sections
from dashboard.state import sensitivity_settings
from dashboard.text import plain

work = cache.current()
borough, areas, run = work.borough, work.areas, work.run
spec = run.spec

st.title(f"Methods: {plain(spec.name)}")
sections = methods_sections(spec, f"{borough.name}'s {areas.describe()}",
                            sensitivity_settings())
for heading, body in sections[:-2]:
    st.markdown(f"### {heading}")
    st.markdown(body)
st.markdown("### Indicators")
st.dataframe(indicator_table(spec), hide_index=True, width="stretch")
for heading, body in sections[-2:]:
    st.markdown(f"### {heading}")
    st.markdown(body)
