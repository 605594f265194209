# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
r"""
Homomorphism counts between trees, for certified sweeps (work in progress)

EXAMPLES::

    sage: from sage_hcsf import tree_homs
    sage: tree_homs.__name__
    'sage_hcsf.tree_homs'
"""
