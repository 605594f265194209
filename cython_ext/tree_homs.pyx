# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
r"""
Endomorphism counts of trees, many trees at a time, as residues

For a tree `T` and a graph `H`, the homomorphisms `T \to H` are counted by a
rooted dynamic programme: with `c_v(w)` the number of homomorphisms of the
subtree below `v` that send `v` to `w`,

.. MATH::

    c_v(w) = \prod_{u \text{ child of } v} \sum_{w' \sim w} c_u(w'),
    \qquad \hom(T, H) = \sum_w c_{\mathrm{root}}(w),

in `O(|V(T)| \cdot |E(H)|)` word operations. Here `H = T`: `\hom(T, T)` is
a function of the self-CSF `X_T^T` (the sum of its coefficients in the
augmented monomial basis), so two trees with different residues of
`\hom(T, T)` have different self-CSFs. This kernel computes `\hom(T, T)`
modulo `2^{64}` and modulo the Mersenne prime `2^{61} - 1` at once, for a
whole buffer of trees in the *parent-array* text format of nauty's
``gentreeg -p``: one tree a line, `n` numbers, the parent of vertex `i`
(vertices `1..n`, the root `1` has parent `0`, and every parent comes
before its children).

Both residues together determine `\hom(T, T)` exactly while it is below
`2^{64} (2^{61} - 1)`, which holds for `n \le 26` since
`\hom(T, T) \le n^n`.

The module is plain Cython over ``libc`` and ``cysignals``: no Sage.

EXAMPLES:

The path on 3 vertices has 6 endomorphisms; a star `K_{1,3}` has
`3^3 + 3 = 30`::

    sage: from sage_hcsf.tree_homs import tree_endomorphism_residues
    sage: tree_endomorphism_residues(b"0 1 2\n0 1 1 1\n")
    ([6, 30], [6, 30])

TESTS::

    sage: star = b"0" + b" 1" * 59 + b"\n"
    sage: alarm(0.5); tree_endomorphism_residues(star * 10**6)
    Traceback (most recent call last):
    ...
    AlarmInterrupt
    sage: tree_endomorphism_residues(star) == ([(59^59 + 59) % 2^64], [(59^59 + 59) % (2^61 - 1)])
    True
"""

from cysignals.signals cimport sig_check
from libc.stdint cimport uint64_t

from parent_arrays cimport read_parent_array

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
    MAX_ORDER = 64  # the largest tree the kernel takes


cdef void _endomorphisms(const int* parent, int n, uint64_t* c64, uint64_t* cp,
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
    cdef uint64_t s64[MAX_ORDER]
    cdef uint64_t sp[MAX_ORDER]
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


def tree_endomorphism_residues(const unsigned char[:] text):
    r"""
    Return `\hom(T, T)` modulo `2^{64}` and modulo `2^{61} - 1` for every
    tree of a parent-array text.

    INPUT:

    - ``text`` -- bytes: lines of ``gentreeg -p`` output, each the parent
      array of a tree on `1 \le n \le 64` vertices (all on the same number
      of vertices, or not: each line is read on its own)

    OUTPUT: a pair of lists of Python integers, the residues modulo `2^{64}`
    and modulo `2^{61} - 1`, in the order of the lines

    EXAMPLES::

        sage: from sage_hcsf.tree_homs import tree_endomorphism_residues
        sage: tree_endomorphism_residues(b"0\n0 1\n")
        ([1, 2], [1, 2])
        sage: tree_endomorphism_residues(b"0 1 3\n")
        Traceback (most recent call last):
        ...
        ValueError: line 1 is not a parent array: vertex 3 has parent 3 (a parent must be an earlier vertex)
        sage: tree_endomorphism_residues(b"")
        ([], [])
    """
    cdef Py_ssize_t length = text.shape[0], pos = 0, line = 0
    cdef int n
    cdef int parent[MAX_ORDER]
    cdef uint64_t c64[MAX_ORDER * MAX_ORDER]
    cdef uint64_t cp[MAX_ORDER * MAX_ORDER]
    cdef uint64_t result[2]
    residues64, residues61 = [], []
    while pos < length:
        sig_check()
        line += 1
        pos = read_parent_array(text, pos, line, MAX_ORDER, parent, &n)
        if n == 0:
            continue
        _endomorphisms(parent, n, c64, cp, result)
        residues64.append(result[0])
        residues61.append(result[1])
    return residues64, residues61
