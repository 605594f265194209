# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
r"""
The rooted DP of `\hom(T, T)`, shared by the tree kernels

For a tree `T` (a parent array: ``parent[i] < i``, ``-1`` for the root
``0``) and a target `H = T`, the homomorphisms of the subtree below `v` that
send `v` to `w` number

.. MATH::

    c_v(w) = \prod_{u \text{ child of } v} \sum_{w' \sim w} c_u(w'),
    \qquad \hom(T, T) = \sum_w c_{\mathrm{root}}(w).

:func:`_endomorphisms` computes it modulo `2^{64}` and modulo `2^{61} - 1`,
:func:`_endomorphisms64` modulo `2^{64}` only (the first pass of a sweep).
:mod:`sage_hcsf.kernels.tree_homs` (over ``gentreeg -p`` text) and
:mod:`sage_hcsf.kernels.tree_pass` (over the trees it generates) both
``cimport`` this file; everything here is ``inline``, so no module of its
own is built.

EXAMPLES::

    sage: from sage_hcsf.kernels.tree_homs import tree_endomorphism_residues
    sage: tree_endomorphism_residues(b"0 1 2\n0 1 1 1\n")   # P_3: 6; K_{1,3}: 3^3 + 3
    ([6, 30], [6, 30])
"""

from libc.stdint cimport uint64_t

cdef extern from *:
    """
    /* Arithmetic modulo the Mersenne prime 2^61 - 1 on residues below it. */
    static const unsigned long long HCSF_P61 = (1ULL << 61) - 1;
    static inline unsigned long long hcsf_add61(unsigned long long a, unsigned long long b) {
        unsigned long long s = a + b;            /* < 2^62: no overflow */
        return s >= HCSF_P61 ? s - HCSF_P61 : s;
    }
    static inline unsigned long long hcsf_mul61(unsigned long long a, unsigned long long b) {
        unsigned __int128 t = (unsigned __int128) a * b;   /* < 2^122 */
        unsigned long long r = (unsigned long long) (t & HCSF_P61) + (unsigned long long) (t >> 61);
        return r >= HCSF_P61 ? r - HCSF_P61 : r;          /* r < 2^62 */
    }
    """
    const uint64_t P61 "HCSF_P61"
    uint64_t add61 "hcsf_add61"(uint64_t, uint64_t) nogil
    uint64_t mul61 "hcsf_mul61"(uint64_t, uint64_t) nogil

cdef enum:
    HOM_MAX_ORDER = 64  # the largest tree of the DPs below


cdef inline void _endomorphisms(const int* parent, int n, uint64_t* c64, uint64_t* cp,
                         uint64_t* result) noexcept nogil:
    r"""
    Set ``result`` to `\hom(T, T)` modulo `2^{64}` and `2^{61} - 1`.

    ``parent[i]`` is the parent of vertex ``i`` in ``0..n-1`` (``-1`` for the
    root ``0``; ``parent[i] < i``). ``c64`` and ``cp`` are scratch rows of
    ``n * n`` words: row ``v`` holds `c_v(w)` for every `w`.

    Vertices are finished from ``n - 1`` down to ``0``: all children of ``v``
    have larger labels, so their factors are in row ``v`` by then. A
    finished ``v`` sends `s(w) = \sum_{w' \sim w} c_v(w')` (over the edges
    ``(i, parent[i])`` of the same tree) into its parent's row.
    """
    cdef int v, w, i, p
    cdef uint64_t* row64
    cdef uint64_t* rowp
    cdef uint64_t* up64
    cdef uint64_t* upp
    cdef uint64_t s64[HOM_MAX_ORDER]
    cdef uint64_t sp[HOM_MAX_ORDER]
    for i in range(n * n):
        c64[i] = 1
        cp[i] = 1
    for v in range(n - 1, 0, -1):
        row64 = c64 + v * n
        rowp = cp + v * n
        for w in range(n):
            s64[w] = 0
            sp[w] = 0
        for i in range(1, n):
            p = parent[i]
            s64[i] += row64[p]
            s64[p] += row64[i]
            sp[i] = add61(sp[i], rowp[p])
            sp[p] = add61(sp[p], rowp[i])
        up64 = c64 + parent[v] * n
        upp = cp + parent[v] * n
        for w in range(n):
            up64[w] *= s64[w]
            upp[w] = mul61(upp[w], sp[w])
    result[0] = 0
    result[1] = 0
    for w in range(n):
        result[0] += c64[w]
        result[1] = add61(result[1], cp[w])


cdef inline void _endomorphisms64(const int* parent, int n, uint64_t* c, int* degree,
                           char* started, uint64_t* result) noexcept nogil:
    r"""
    Set ``result[0]`` to `\hom(T, T) \bmod 2^{64}`: the DP of
    :func:`_endomorphisms` with one residue and two shortcuts.

    - A leaf ``v`` has `c_v = 1`, so it sends `s(w) = \deg(w)` to its
      parent: no pass over the edges.
    - Row ``v`` of ``c`` is written by the first message it receives and
      multiplied by the next ones (``started[v]``): no initialisation of
      the ``n * n`` words.

    ``degree`` (``n`` ints) and ``started`` (``n`` chars) are scratch.
    Words wrap modulo `2^{64}`, which is the residue wanted.
    """
    cdef int v, w, i, p
    cdef uint64_t* row
    cdef uint64_t* up
    cdef uint64_t s[HOM_MAX_ORDER]
    for w in range(n):
        degree[w] = 0
        started[w] = 0
    for i in range(1, n):
        degree[i] += 1
        degree[parent[i]] += 1
    for v in range(n - 1, 0, -1):
        p = parent[v]
        up = c + p * n
        if not started[v]:                 # a leaf: s = degree
            if started[p]:
                for w in range(n):
                    up[w] *= <uint64_t> degree[w]
            else:
                for w in range(n):
                    up[w] = <uint64_t> degree[w]
        else:
            row = c + v * n
            s[0] = 0                       # s = A row: each vertex gets its parent's
            for w in range(1, n):          # entry, then its children's
                s[w] = row[parent[w]]
            for i in range(1, n):
                s[parent[i]] += row[i]
            if started[p]:
                for w in range(n):
                    up[w] *= s[w]
            else:
                for w in range(n):
                    up[w] = s[w]
        started[p] = 1
    result[0] = 0
    if not started[0]:                     # n = 1
        result[0] = <uint64_t> n
        return
    for w in range(n):
        result[0] += c[w]
