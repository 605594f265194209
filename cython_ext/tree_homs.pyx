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

    sage: from sage_hcsf.kernels.tree_homs import tree_endomorphism_residues
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


cdef void _endomorphisms64(const int* parent, int n, uint64_t* c, int* degree,
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
    cdef uint64_t s[MAX_ORDER]
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


def tree_endomorphisms_mod64(const unsigned char[:] text):
    r"""
    Return `\hom(T, T) \bmod 2^{64}` of every tree of a parent-array text,
    packed: 8 bytes a tree, little-endian, in the order of the lines.

    The first pass of a certified sweep: the residue modulo `2^{61} - 1`
    is left to the few trees that collide here
    (:func:`tree_endomorphism_residues`), and nothing is made a Python
    object per tree.

    INPUT:

    - ``text`` -- bytes: lines of ``gentreeg -p`` output (blank lines are
      skipped)

    OUTPUT: ``bytes`` of length 8 times the number of trees

    EXAMPLES::

        sage: from sage_hcsf.kernels.tree_homs import tree_endomorphisms_mod64
        sage: import array
        sage: array.array("Q", tree_endomorphisms_mod64(b"0\n0 1 2\n0 1 1 1\n\n")).tolist()
        [1, 6, 30]
        sage: star = b"0" + b" 1" * 59 + b"\n"
        sage: array.array("Q", tree_endomorphisms_mod64(star)).tolist() == [(59^59 + 59) % 2^64]
        True
        sage: tree_endomorphisms_mod64(b"0 1 3\n")
        Traceback (most recent call last):
        ...
        ValueError: line 1 is not a parent array: vertex 3 has parent 3 (a parent must be an earlier vertex)

    TESTS::

        sage: alarm(0.5); tree_endomorphisms_mod64(star * 10**6)
        Traceback (most recent call last):
        ...
        AlarmInterrupt
    """
    cdef Py_ssize_t length = text.shape[0], pos = 0, line = 0, count = 0, lines = 0
    cdef int n
    cdef int parent[MAX_ORDER]
    cdef int degree[MAX_ORDER]
    cdef char started[MAX_ORDER]
    cdef uint64_t c[MAX_ORDER * MAX_ORDER]
    cdef uint64_t result[1]
    for pos in range(length):
        if text[pos] == 10:
            lines += 1
    if length and text[length - 1] != 10:
        lines += 1
    out = bytearray(8 * lines)
    cdef unsigned char[:] view = out
    cdef uint64_t* keys = <uint64_t*> &view[0] if lines else NULL
    pos = 0
    while pos < length:
        if (line & 1023) == 0:
            sig_check()
        line += 1
        pos = read_parent_array(text, pos, line, MAX_ORDER, parent, &n)
        if n == 0:
            continue
        _endomorphisms64(parent, n, c, degree, started, result)
        keys[count] = result[0]
        count += 1
    return bytes(out[:8 * count])


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

        sage: from sage_hcsf.kernels.tree_homs import tree_endomorphism_residues
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
