# cython: language_level=3
r"""
The residue arithmetic of the DP kernel, inline

A count is kept as one residue per modulus: modulus ``0`` stands for
`2^{64}` (unsigned wrap-around), the others are primes `p < 2^{55}`
(:func:`sage_hcsf.kernels.residues.moduli_for_bound`). :func:`add_scaled`
adds a multiple of one count to another; a factor is the length of a run
of interchangeable twins, at most 255 < `2^8`, so ``factor * residue`` is
below `2^{63}` and fits before it is reduced, and so does the sum of two
residues below `2^{55}`.

:mod:`sage_hcsf.kernels.fiber_dp` ``cimport``\ s it; it is ``inline``, so the
hot loop pays no call. (The module :mod:`sage_hcsf.kernels.residues` of the
same name holds the Python side: the moduli and the Chinese remainder
theorem.)

EXAMPLES:

Counts beyond `2^{64}` are summed residue by residue, here `3^{50}` of
them (the path into a triangle, each homomorphism of weight 1)::

    sage: from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
    sage: P = [[1]] + [[i - 1, i + 1] for i in range(1, 50)] + [[49]]
    sage: K3 = [[1, 2], [0, 2], [0, 1]]
    sage: fiber_vector_dp(P, [False] * 51, K3, [0, 1, 2], [1, 2, 3], list(range(51)), False,
    ....:                 10**6, 3**51)[0] == 3 * 2**50
    True
"""
from libc.stdint cimport uint64_t


cdef inline void add_scaled(uint64_t* target, const uint64_t* source, uint64_t factor,
                            const uint64_t* moduli, Py_ssize_t nmod) noexcept:
    """
    ``target += factor * source`` residue by residue (modulus 0 is `2^{64}`).
    """
    cdef Py_ssize_t j
    cdef uint64_t v
    target[0] += factor * source[0]
    if factor == 1:
        for j in range(1, nmod):
            v = target[j] + source[j]
            target[j] = v - moduli[j] if v >= moduli[j] else v
    else:  # factor < 2^8 and residues < 2^55: the product fits in 64 bits
        for j in range(1, nmod):
            v = target[j] + (factor * source[j]) % moduli[j]
            target[j] = v - moduli[j] if v >= moduli[j] else v
