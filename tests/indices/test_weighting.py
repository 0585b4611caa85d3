import numpy as np
import pytest

from indices.errors import DataError
from indices.weighting import WEIGHTINGS, domain_weights, varimax

A = np.array([1.0, -1, 1, -1, 2, -2])
C = np.array([1.0, 1, -1, -1, 0, 0])  # uncorrelated with A


def test_manual_weights_are_the_given_ones():
    assert domain_weights(np.ones((3, 2)), np.array([1.0, 3.0]), "manual").tolist() == [1, 3]


def test_pca_weights_follow_the_first_component():
    # correlations [[1, 1, 0], [1, 1, 0], [0, 0, 1]]: PC1 is (1, 1, 0) / sqrt 2 with
    # eigenvalue 2, squared loadings 1, 1, 0 -> weights 0.5, 0.5, 0 (times the given total)
    weights = domain_weights(np.column_stack([A, 2 * A, C]), np.ones(3), "pca")
    np.testing.assert_allclose(weights, [1.5, 1.5, 0], atol=1e-9)


def test_factor_weights_with_two_factors():
    # eigenvalues 2, 2, 0, 0: two factors, one per pair, equal variance -> a quarter each
    weights = domain_weights(np.column_stack([A, A, C, C]), np.ones(4) / 4, "factor")
    np.testing.assert_allclose(weights, [0.25] * 4, atol=1e-6)


def test_one_indicator_keeps_its_weight():
    assert domain_weights(A[:, None], np.array([2.0]), "pca").tolist() == [2.0]


def test_varimax_leaves_simple_structure_alone():
    loadings = np.array([[1.0, 0], [0, 1]])
    np.testing.assert_allclose(np.abs(varimax(loadings)), loadings, atol=1e-9)


def test_too_few_complete_areas():
    values = np.column_stack([A, C])
    values[:4, 0] = np.nan
    with pytest.raises(DataError, match="at least 3 areas with no missing value"):
        domain_weights(values, np.ones(2), "pca")


def test_an_indicator_that_does_not_vary():
    with pytest.raises(DataError, match="every indicator to vary"):
        domain_weights(np.column_stack([A, np.ones(6)]), np.ones(2), "factor")


def test_descriptions():
    assert WEIGHTINGS.describe("pca").startswith("Weights from principal components")
