# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
r"""
The rooted DP of a linear functional of Stanley's `X_T`, shared by the tree kernels

For a tree `T` and weights `w_1, w_2, \ldots`,

.. MATH::

    \sum_\lambda [p_\lambda] X_T \prod_i w_{\lambda_i}
    = \sum_{S \subseteq E(T)} (-1)^{|S|} \prod_{C} w_{|C|},

the product over the components `C` of `(V(T), S)` [Sta1995]_:
:func:`_functional` computes it modulo a prime in `O(n^2)` operations.
:mod:`sage_hcsf.kernels.tree_cuts` and :mod:`sage_hcsf.kernels.tree_pass`
both ``cimport`` this file; everything here is ``inline``, so no module of
its own is built.

EXAMPLES:

With `w_k = x` the functional is the chromatic polynomial at `x`::

    sage: from sage_hcsf.kernels.tree_cuts import tree_functional
    sage: tree_functional([-1, 0, 1], [0, 5, 5, 5], 101) == 5 * 4^2
    True
"""

from libc.stdint cimport uint64_t

cdef extern from *:
    """
    #include <stdint.h>
    /* Residues below a modulus m < 2^62; 2^61 - 1 reduces without a division. */
    static const unsigned long long HCSF_M61 = (1ULL << 61) - 1;
    static inline unsigned long long hcsf_mulmod(unsigned long long a, unsigned long long b,
                                                 unsigned long long m) {
        unsigned __int128 t = (unsigned __int128) a * b;
        if (m == HCSF_M61) {
            unsigned long long r = (unsigned long long) (t & HCSF_M61)
                                   + (unsigned long long) (t >> 61);
            return r >= HCSF_M61 ? r - HCSF_M61 : r;
        }
        return (unsigned long long) (t % m);
    }
    static inline unsigned long long hcsf_addmod(unsigned long long a, unsigned long long b,
                                                 unsigned long long m) {
        unsigned long long s = a + b;
        return s >= m ? s - m : s;
    }
    """
    uint64_t mulmod "hcsf_mulmod"(uint64_t a, uint64_t b, uint64_t m) noexcept nogil
    uint64_t addmod "hcsf_addmod"(uint64_t a, uint64_t b, uint64_t m) noexcept nogil


cdef inline uint64_t _functional(const int* parent, int n, const uint64_t* weights,
                                 uint64_t modulus, uint64_t* f, int* size) noexcept nogil:
    r"""
    Return `\sum_S (-1)^{|S|} \prod_{C} w_{|C|}` modulo ``modulus``, the sum
    over the edge sets `S` of the tree ``parent`` (as in
    :func:`~sage_hcsf.kernels.tree_cuts.tree_cut_counts`), the product over the components `C` of
    `(V, S)`.

    ``weights[k]`` is `w_k` (``1 <= k <= n``, reduced); ``f`` is scratch
    of ``n * (n + 1)`` words, row ``v`` holding `f_v(a)`: the signed weight
    of the edge sets below ``v`` whose component of ``v`` has ``a``
    vertices, its closed components weighted. ``size`` is scratch of ``n``.

    Joining a child ``c`` to ``v``: cutting the edge closes the component
    of ``c`` (factor `g_c = \sum_b f_c(b) w_b`), keeping it adds its size
    (factor `-1`):
    `f_v'(a) = f_v(a) g_c - \sum_{a' + b = a} f_v(a') f_c(b)`, computed in
    place from the largest ``a`` down. The cost of a join is the product of
    the two sizes, `O(n^2)` for the whole tree.
    """
    cdef int v, c, a, b, lo, hi
    cdef uint64_t g, total, value
    cdef uint64_t* fv
    cdef uint64_t* fc
    for v in range(n):
        size[v] = 1
        f[v * (n + 1) + 1] = 1
    for c in range(n - 1, 0, -1):
        v = parent[c]
        fv = f + v * (n + 1)
        fc = f + c * (n + 1)
        g = 0
        for b in range(1, size[c] + 1):
            g = addmod(g, mulmod(fc[b], weights[b], modulus), modulus)
        for a in range(size[v] + size[c], 0, -1):
            value = mulmod(fv[a], g, modulus) if a <= size[v] else 0
            lo = a - size[c] if a - size[c] > 1 else 1
            hi = a - 1 if a - 1 < size[v] else size[v]
            total = 0
            for b in range(lo, hi + 1):  # b: the size on the side of v
                total = addmod(total, mulmod(fv[b], fc[a - b], modulus), modulus)
            fv[a] = addmod(value, modulus - total if total else 0, modulus)
        size[v] += size[c]
    total = 0
    for a in range(1, n + 1):
        total = addmod(total, mulmod(f[a], weights[a], modulus), modulus)
    return total
