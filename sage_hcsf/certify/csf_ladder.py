r"""
The ladder of Stanley's chromatic symmetric function of forests

Stanley's `X_T` of a tree is certified like the self-CSF, cheapest first
(``verify --invariant csf``):

#. `\Phi_0(X_T) \bmod 2^{61} - 1` and `\Phi_1(X_T)`: seeded random linear
   functionals `p_\lambda \mapsto \prod_i w_{\lambda_i}` of `X_T`, in
   `O(n^2)` by a tree DP (:func:`~sage_hcsf.symmetric_functions.stanley.csf_functional`);
#. the cut counts: every power-sum coefficient of `X_T`, that is, `X_T`
   itself (:func:`~sage_hcsf.symmetric_functions.stanley.forest_cut_counts`).

Each certificate reads ``from_csf(X)``, its definition as a function of
`X_T`; equal values of the last rung mean equal `X_T` -- a counterexample
to Stanley's tree conjecture.

EXAMPLES::

    sage: from sage_hcsf.certify.csf_ladder import CSF_CERTIFICATES
    sage: from sage_hcsf import chromatic_symmetric_function
    sage: T = graphs.RandomTree(9)
    sage: X = chromatic_symmetric_function(T)
    sage: all(c.value(T) == c.from_csf(X) for c in CSF_CERTIFICATES.values())
    True
"""
from sage_hcsf.certify.certificate import TREES_AND_FILES, Certificate
from sage_hcsf.certify.names import Rung


def _is_forest(G):
    r"""
    Return whether ``G`` is a forest.

    EXAMPLES::

        sage: from sage_hcsf.certify.csf_ladder import _is_forest
        sage: _is_forest(graphs.PathGraph(3)), _is_forest(graphs.CycleGraph(3))
        (True, False)
    """
    from sage_hcsf.graphs.trees import forest_parent_arrays
    return forest_parent_arrays(G) is not None


def _csf_functional(seed):
    r"""
    Return ``(value, read)`` of the functional `\Phi_{seed}` of Stanley's
    CSF (:func:`~sage_hcsf.symmetric_functions.stanley.csf_functional`).

    EXAMPLES::

        sage: from sage_hcsf.certify.csf_ladder import _csf_functional
        sage: from sage_hcsf import chromatic_symmetric_function
        sage: value, read = _csf_functional(1)
        sage: value(graphs.StarGraph(3)) == read(chromatic_symmetric_function(graphs.StarGraph(3)))
        True
    """
    from sage_hcsf.symmetric_functions.stanley import (
        csf_functional,
        csf_functional_from_csf,
    )
    return (lambda G: int(csf_functional(G, seed)),
            lambda X: int(csf_functional_from_csf(X, seed)))


def _cut_counts(G):
    r"""
    Return the cut counts of a forest (:func:`~sage_hcsf.symmetric_functions.stanley.forest_cut_counts`)
    as a sorted tuple: `X_G` itself, as `[p_\lambda] X_G = (-1)^{n - l(\lambda)}`
    times the count of `\lambda`.

    EXAMPLES::

        sage: from sage_hcsf.certify.csf_ladder import _cut_counts
        sage: _cut_counts(graphs.PathGraph(3))
        (((1, 1, 1), 1), ((2, 1), 2), ((3,), 1))
    """
    from sage_hcsf.symmetric_functions.stanley import forest_cut_counts
    return tuple(sorted(forest_cut_counts(G).items()))


def _cut_counts_from_csf(X):
    r"""
    Return :func:`_cut_counts` read off a chromatic symmetric function of a
    forest: the absolute values of its power-sum coefficients.

    EXAMPLES::

        sage: from sage_hcsf.certify.csf_ladder import _cut_counts_from_csf
        sage: from sage_hcsf import chromatic_symmetric_function
        sage: _cut_counts_from_csf(chromatic_symmetric_function(graphs.PathGraph(3)))
        (((1, 1, 1), 1), ((2, 1), 2), ((3,), 1))
    """
    basis = X.parent()
    if not basis.base_ring().is_field():   # Sage changes basis to p over a field only
        basis = basis.change_ring(basis.base_ring().fraction_field())
    in_p = basis.realization_of().powersum()(basis(X))
    return tuple(sorted((tuple(int(x) for x in la), abs(int(c))) for la, c in in_p))


def _csf_ladder():
    r"""
    Return the certificates of Stanley's CSF of trees, cheapest first.

    EXAMPLES::

        sage: from sage_hcsf.certify.csf_ladder import _csf_ladder
        sage: [c.name for c in _csf_ladder()]
        ['Phi_0(X_T) mod 2^61-1', 'Phi_1(X_T) mod 2^61-1', 'X_T (cut counts)']
    """
    rungs = []
    for seed in (0, 1):
        value, read = _csf_functional(seed)
        rungs.append(Certificate(
            (Rung.PHI0, Rung.PHI1)[seed], "kernel", TREES_AND_FILES, _is_forest, value, read,
            f"the linear functional p_k -> w_k of X_T, weights of seed {seed}, modulo "
            "2^61 - 1", "csf", domain="forest"))
    rungs.append(Certificate(Rung.CUT_COUNTS, "linear", TREES_AND_FILES, _is_forest,
                             _cut_counts, _cut_counts_from_csf,
                             "every p-coefficient: Stanley's CSF itself", "csf",
                             domain="forest"))
    return rungs


#: The certificates of Stanley's chromatic symmetric function of trees.
CSF_CERTIFICATES = {c.name: c for c in _csf_ladder()}
