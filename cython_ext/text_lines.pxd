# cython: language_level=3
r"""
Texts of one record a line: how many lines a buffer holds

The kernels that read many graphs from one buffer (parent arrays in
:mod:`sage_hcsf.kernels.tree_homs`, graph6 in
:mod:`sage_hcsf.kernels.graph_images`) size their packed output with
:func:`count_lines` before reading; it is ``inline``, so no module of its
own is built.

EXAMPLES::

    sage: from sage_hcsf.kernels.graph_images import graph6_two_image_counts
    sage: len(graph6_two_image_counts(b"Bw\nBW")), len(graph6_two_image_counts(b""))
    (16, 0)
"""


cdef inline Py_ssize_t count_lines(const unsigned char[:] text):
    """
    Return the number of lines of ``text``: its newlines, plus one if the
    last line has none (blank lines count: an upper bound on the records).
    """
    cdef Py_ssize_t length = text.shape[0], pos, lines = 0
    for pos in range(length):
        if text[pos] == 10:
            lines += 1
    if length and text[length - 1] != 10:
        lines += 1
    return lines
