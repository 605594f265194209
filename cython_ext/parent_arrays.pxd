# cython: language_level=3
r"""
Reading the parent arrays of ``gentreeg -p``, one line at a time

nauty's ``gentreeg -p`` writes one tree a line: `n` numbers separated by
blanks, the parent of vertex `i` (vertices `1..n`, the root `1` has parent
`0`, and every parent comes before its children). The kernels over such
text (:mod:`sage_hcsf.kernels.tree_homs`, :mod:`sage_hcsf.kernels.tree_cuts`) ``cimport``
:func:`read_parent_array`; it is ``inline``, so no module of its own is
built.

EXAMPLES::

    sage: from sage_hcsf.kernels.tree_homs import tree_endomorphism_residues
    sage: tree_endomorphism_residues(b"0 1 2\n\n0 1 1 1")
    ([6, 30], [6, 30])
"""


cdef inline Py_ssize_t read_parent_array(const unsigned char[:] text, Py_ssize_t pos,
                                         Py_ssize_t line, int max_order, int* parent,
                                         int* n) except -1:
    """
    Read the line of ``text`` that starts at ``pos`` (line number ``line``,
    for the errors) into ``parent[0..n-1]``, the parents relabelled to
    ``0..n-1`` (``-1`` for the root); return the position after the line.
    An empty line gives ``n = 0``. Raise ``ValueError`` if the line is not
    the parent array of a tree on at most ``max_order`` vertices.
    """
    cdef Py_ssize_t length = text.shape[0]
    cdef int value
    cdef unsigned char ch
    n[0] = 0
    while pos < length and text[pos] != 10:  # numbers separated by blanks
        ch = text[pos]
        if ch == 32 or ch == 13 or ch == 9:
            pos += 1
            continue
        if not 48 <= ch <= 57:
            raise ValueError(f"line {line} is not a parent array: unexpected byte {chr(ch)!r}")
        value = 0
        while pos < length and 48 <= text[pos] <= 57:
            value = 10 * value + (text[pos] - 48)
            pos += 1
            if value > max_order:
                raise ValueError(f"line {line} is not a parent array of a tree on at "
                                 f"most {max_order} vertices")
        if n[0] == max_order:
            raise ValueError(f"line {line} has more than {max_order} vertices")
        if (n[0] == 0) != (value == 0) or value > n[0]:
            raise ValueError(f"line {line} is not a parent array: vertex {n[0] + 1} has parent "
                             f"{value} (a parent must be an earlier vertex)")
        parent[n[0]] = value - 1
        n[0] += 1
    return pos + 1
