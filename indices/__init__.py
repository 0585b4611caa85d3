"""The index engine: specs, normalisation, weighting, aggregation and ranking.

Pandas and numpy (and numba for the sensitivity analysis's inner loops): no
Streamlit here, and no file formats beyond the YAML spec and the command line's
CSV tables.
"""

from indices.build import IndexRun, build_index
from indices.errors import DataError, IndicesError, SpecError, TableError, UnknownMethodError
from indices.spec import Domain, IndexSpec, Indicator, Normalisation, load_spec, spec_from_yaml

__all__ = [
    "DataError", "Domain", "IndexRun", "IndexSpec", "Indicator", "IndicesError",
    "Normalisation", "SpecError", "TableError", "UnknownMethodError", "build_index",
    "load_spec", "spec_from_yaml",
]
