r"""
The C-level kernels, built by Cython from ``cython_ext/``

Each takes plain integer arrays (or the text of ``gentreeg``) and returns
plain Python integers and dictionaries; none imports Sage or anything of
the package but :mod:`sage_hcsf.errors`:

- :mod:`sage_hcsf.kernels.fiber_dp` -- the DP over fiber vectors (engines I
  and II of :mod:`sage_hcsf.fiber_types`);
- :mod:`sage_hcsf.kernels.enumerate_homs` -- the enumeration of all
  homomorphisms, the independent engine;
- :mod:`sage_hcsf.kernels.power_sums` -- the power-sum expansion of the
  augmented monomials (:mod:`sage_hcsf.symmetric_functions.expansion`);
- :mod:`sage_hcsf.kernels.tree_homs` -- `\hom(T, T)` of every tree of a
  ``gentreeg`` slice, modulo `2^{64}` and `2^{61} - 1`;
- :mod:`sage_hcsf.kernels.tree_cuts` -- Stanley's `X_T` of a forest by
  counting cuts, and its functionals.

EXAMPLES::

    sage: from sage_hcsf.kernels.tree_homs import tree_endomorphism_residues
    sage: tree_endomorphism_residues(b"0 1 1 1\n")   # the star K_{1,3}: 3^3 + 3
    ([30], [30])
"""
