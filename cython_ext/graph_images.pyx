# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
r"""
Endomorphisms with a two-vertex image, many graphs at a time

For a graph `G` on `n` vertices, let `I_2(G)` be the number of
homomorphisms `G \to G` whose image has exactly two vertices: the sum of the
fiber-type counts `N_\lambda(G, G)` over the partitions `\lambda` with two
parts, a function of the self-CSF `X_G^G` (the sum of the layer `L_2`). It
has a closed form:

- if `G` has an edge, an image of two vertices is an edge `\{a, b\}` of `G`
  (edges go to edges), and the maps of `G` onto it are the homomorphisms
  `G \to K_2`: none if `G` is not bipartite, `2^{c(G)}` if it is (each of
  the `c(G)` components, isolated vertices included, picks a side), all
  onto. So `I_2(G) = |E(G)| \, 2^{c(G)}` or `0`;
- if `G` has no edge, every map onto any two vertices counts:
  `I_2(G) = \binom{n}{2} (2^n - 2)`.

A tree has `I_2(T) = 2(n - 1)`, and from 4 vertices on no other graph does
(the proof is on the mathematics page of the manual): the sweep of claim 1
(:mod:`sage_hcsf.certify.trees_apart`) applies this kernel to every graph of
nauty's ``geng``.

The value is exact for every graph with an edge (`n \le 62`) and for the
edgeless graphs on `n \le 53` vertices, a residue modulo `2^{64}` above.

The module is plain Cython over ``libc`` and ``cysignals``: no Sage.

EXAMPLES:

`P_3` and `K_2 + K_1` (the one pair of a tree and a non-tree with the same
self-CSF) both have 4; the triangle has none; the empty graph on 3
vertices `3 \cdot 6`::

    sage: from sage_hcsf.kernels.graph_images import graph6_two_image_counts
    sage: import array
    sage: array.array("Q", graph6_two_image_counts(b"BW\nBG\nBw\nB?\n")).tolist()
    [4, 4, 0, 18]
"""

from cysignals.signals cimport sig_check
from libc.stdint cimport uint64_t

from text_lines cimport count_lines

cdef extern from *:
    int __builtin_popcountll(unsigned long long)
    int __builtin_ctzll(unsigned long long)

cdef enum:
    MAX_ORDER = 62  # graph6 with its order in one byte


cdef Py_ssize_t _read_graph6(const unsigned char[:] text, Py_ssize_t pos, Py_ssize_t line,
                             uint64_t* adj, int* order) except -1:
    r"""
    Read the graph6 line of ``text`` at ``pos`` into the adjacency bitmasks
    ``adj`` and its order into ``order`` (`-1` for a blank line); return
    the position after the line.
    """
    cdef Py_ssize_t length = text.shape[0], end = pos, k = 0, size
    cdef int n, i, j, bits
    while end < length and text[end] != 10:
        end += 1
    if end == pos:
        order[0] = -1
        return end + 1
    n = text[pos] - 63
    if n < 0 or n > MAX_ORDER:
        raise ValueError(f"line {line} is not a graph6 string of a graph on at most "
                         f"{MAX_ORDER} vertices")
    size = 1 + (n * (n - 1) // 2 + 5) // 6
    if end - pos != size:
        ending = " (it ends in a carriage return)" if text[end - 1] == 13 else ""
        raise ValueError(f"line {line} is not a graph6 string: {end - pos} character"
                         f"{'s' if end - pos > 1 else ''} for a graph on {n} vertices, "
                         f"which takes {size}{ending}")
    for i in range(1, size):
        if text[pos + i] < 63 or text[pos + i] > 126:
            raise ValueError(f"line {line} is not a graph6 string: character {i + 1} is "
                             f"out of range")
    for i in range(n):
        adj[i] = 0
    for j in range(1, n):
        for i in range(j):
            bits = text[pos + 1 + k // 6] - 63
            if (bits >> (5 - k % 6)) & 1:
                adj[i] |= (<uint64_t> 1) << j
                adj[j] |= (<uint64_t> 1) << i
            k += 1
    order[0] = n
    return end + 1


cdef uint64_t _two_image_count(const uint64_t* adj, int n):
    r"""
    Return `I_2(G)` (modulo `2^{64}`) of the loopless graph ``adj`` on
    ``n`` vertices.
    """
    cdef uint64_t seen = 0, side = 0, component, frontier, layer, next_layer, edges2 = 0
    cdef int start, v, components = 0
    cdef bint odd
    for v in range(n):
        edges2 += <uint64_t> __builtin_popcountll(adj[v])
    if edges2 == 0:
        return (<uint64_t> n * (n - 1) // 2) * ((((<uint64_t> 1) << n) if n < 64 else 0) - 2)
    for start in range(n):
        if (seen >> start) & 1:
            continue
        components += 1
        component = layer = (<uint64_t> 1) << start
        odd = False
        while layer:               # breadth first; ``side`` keeps the odd layers
            if odd:
                side |= layer
            next_layer = 0
            frontier = layer
            while frontier:
                v = __builtin_ctzll(frontier)
                frontier &= frontier - 1
                next_layer |= adj[v]
            layer = next_layer & ~component
            component |= next_layer
            odd = not odd
        seen |= component
    for v in range(n):             # bipartite: no edge inside a side
        if adj[v] & (side if (side >> v) & 1 else ~side):
            return 0
    return (edges2 // 2) << components if components < 64 else 0


def graph6_two_image_counts(const unsigned char[:] text):
    r"""
    Return `I_2(G)`, the number of endomorphisms of `G` with an image of
    exactly two vertices, of every graph of a graph6 text, packed: 8 bytes
    a graph, in the machine's byte order, in the order of the lines.

    INPUT:

    - ``text`` -- bytes: graph6 lines (no header), each of a loopless
      graph on at most 62 vertices, as ``geng -q`` writes them; blank
      lines are skipped

    OUTPUT: ``bytes`` of length 8 times the number of graphs

    EXAMPLES::

        sage: from sage_hcsf.kernels.graph_images import graph6_two_image_counts
        sage: import array
        sage: def count(G):
        ....:     return array.array("Q", graph6_two_image_counts(
        ....:         G.graph6_string().encode()))[0]
        sage: count(graphs.CycleGraph(6)), count(graphs.CycleGraph(5)), count(graphs.StarGraph(9))
        (12, 0, 18)
        sage: count(Graph(10)) == binomial(10, 2) * (2^10 - 2)
        True
        sage: count(graphs.CompleteBipartiteGraph(3, 4) + Graph(2)) == 12 * 2^3
        True
        sage: graph6_two_image_counts(b"Bw\nB!\n")
        Traceback (most recent call last):
        ...
        ValueError: line 2 is not a graph6 string: character 2 is out of range
        sage: graph6_two_image_counts(b"Bwx\n")
        Traceback (most recent call last):
        ...
        ValueError: line 1 is not a graph6 string: 3 characters for a graph on 3 vertices, which takes 2
        sage: graph6_two_image_counts(b"Bw\r\n")
        Traceback (most recent call last):
        ...
        ValueError: line 1 is not a graph6 string: 3 characters for a graph on 3 vertices, which takes 2 (it ends in a carriage return)
        sage: graph6_two_image_counts(b"A\n")
        Traceback (most recent call last):
        ...
        ValueError: line 1 is not a graph6 string: 1 character for a graph on 2 vertices, which takes 2
        sage: graph6_two_image_counts(b"~?@A\n")
        Traceback (most recent call last):
        ...
        ValueError: line 1 is not a graph6 string of a graph on at most 62 vertices

    TESTS::

        sage: K = graphs.CompleteGraph(60).graph6_string().encode() + b"\n"
        sage: text = K * 10**5
        sage: alarm(0.1); graph6_two_image_counts(text)
        Traceback (most recent call last):
        ...
        AlarmInterrupt
    """
    cdef Py_ssize_t length = text.shape[0], pos = 0, line = 0, count = 0, lines = 0
    cdef int n
    cdef uint64_t adj[MAX_ORDER]
    lines = count_lines(text)
    out = bytearray(8 * lines)
    cdef unsigned char[:] view = out
    cdef uint64_t* counts = <uint64_t*> &view[0] if lines else NULL
    pos = 0
    while pos < length:
        if (line & 1023) == 0:
            sig_check()
        line += 1
        pos = _read_graph6(text, pos, line, adj, &n)
        if n < 0:
            continue
        counts[count] = _two_image_count(adj, n)
        count += 1
    return bytes(out[:8 * count])
