"""Weights of indicators within their domain: as given, or from the data's structure.

``pca`` and ``factor`` follow the OECD/JRC Handbook on Constructing Composite
Indicators. Both work on the correlations of a domain's normalised indicators
over the areas with no missing value. Each method is registered with a plain label
for menus, and the first line of its docstring is the plain-language description
shown on the Methods page.
"""

from __future__ import annotations

import numpy as np

from indices.errors import DataError
from indices.registry import Registry

WEIGHTINGS: Registry = Registry("weighting method")


def _correlations(values: np.ndarray) -> np.ndarray:
    complete = values[~np.isnan(values).any(axis=1)]
    if complete.shape[0] < 3:
        raise DataError(
            "weights from the data need at least 3 areas with no missing value in the domain; "
            "impute missing values or use manual weights."
        )
    spread = complete.std(axis=0)
    if (spread == 0).any():
        raise DataError(
            "weights from the data need every indicator to vary across the areas; one does "
            "not. Use manual weights, or drop the indicator."
        )
    return np.corrcoef(complete, rowvar=False)


def _components(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (descending) and loadings (eigenvector x sqrt(eigenvalue)) of correlations."""
    eigenvalues, vectors = np.linalg.eigh(_correlations(values))
    order = np.argsort(eigenvalues)[::-1]
    eigenvalues, vectors = eigenvalues[order], vectors[:, order]
    return eigenvalues, vectors * np.sqrt(np.clip(eigenvalues, 0, None))


@WEIGHTINGS.register("manual", "as set for each indicator")
def manual(values: np.ndarray, given: np.ndarray) -> np.ndarray:
    """Weights as set in the spec."""
    return given


@WEIGHTINGS.register("pca", "from principal components (PCA)")
def pca(values: np.ndarray, given: np.ndarray) -> np.ndarray:
    """Weights from principal components: each indicator's squared loading on the first
    principal component of its domain, scaled to add up to one."""
    if values.shape[1] == 1:
        return np.ones(1)
    loadings = _components(values)[1][:, 0]
    squared = loadings**2
    return squared / squared.sum()


def varimax(loadings: np.ndarray, iterations: int = 100, tolerance: float = 1e-8) -> np.ndarray:
    """Rotate loadings by varimax (Kaiser), so each indicator loads mainly on one factor."""
    p, k = loadings.shape
    rotation = np.eye(k)
    criterion = 0.0
    for _ in range(iterations):
        rotated = loadings @ rotation
        u, s, vt = np.linalg.svd(
            loadings.T @ (rotated**3 - rotated @ np.diag((rotated**2).sum(axis=0)) / p)
        )
        rotation = u @ vt
        if s.sum() < criterion * (1 + tolerance):
            break
        criterion = s.sum()
    return loadings @ rotation


@WEIGHTINGS.register("factor", "from factor analysis")
def factor(values: np.ndarray, given: np.ndarray) -> np.ndarray:
    """Weights from factor analysis: factors with eigenvalue above one, varimax-rotated; each
    indicator weighs its squared loading within the factor it loads on most, times that
    factor's share of the explained variance."""
    if values.shape[1] == 1:
        return np.ones(1)
    eigenvalues, loadings = _components(values)
    kept = max(1, int((eigenvalues > 1).sum()))
    rotated = varimax(loadings[:, :kept]) if kept > 1 else loadings[:, :1]
    squared = rotated**2
    factor_share = squared.sum(axis=0) / squared.sum()
    home = squared.argmax(axis=1)
    within = squared / squared.sum(axis=0)
    weights = within[np.arange(len(home)), home] * factor_share[home]
    return weights / weights.sum()


def domain_weights(values: np.ndarray, given: np.ndarray, method: str) -> np.ndarray:
    """Return the weights of one domain's indicators.

    Parameters
    ----------
    values : numpy.ndarray
        The domain's normalised indicators, shape (areas, indicators).
    given : numpy.ndarray
        The weights set in the spec.
    method : str
        A name in :data:`WEIGHTINGS`. Weights from the data are scaled to the
        same total as the given weights.
    """
    weights = WEIGHTINGS.get(method)(values, given)
    return weights if method == "manual" else weights * given.sum()
