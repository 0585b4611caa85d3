"""Methods page: a plain account of the index, generated from its spec."""

from __future__ import annotations

import streamlit as st

from dashboard import cache
from dashboard.methods import indicator_table, methods_sections

borough, areas, result = cache.current()
spec = result.spec

st.title(f"Methods: {spec.name}")
sections = methods_sections(
    spec, f"{borough.name}'s {areas.describe()}")
for heading, body in sections[:-2]:
    st.markdown(f"### {heading}")
    st.markdown(body)
st.markdown("### Indicators")
st.dataframe(indicator_table(spec), hide_index=True, use_container_width=True)
for heading, body in sections[-2:]:
    st.markdown(f"### {heading}")
    st.markdown(body)
