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
from text_lines cimport count_lines
from homs_dp cimport HOM_MAX_ORDER, _endomorphisms, _endomorphisms64

cdef enum:
    MAX_ORDER = HOM_MAX_ORDER  # the largest tree the kernel takes


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
    lines = count_lines(text)
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
