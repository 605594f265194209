r"""
Graph families of the H-CSF papers, with their conventions

- A *spider* is a tree with exactly one vertex of degree at least 3, its
  *centre*; its *legs* are the paths hanging from the centre, so the number
  of legs is the centre's degree and a leg's length is its number of
  vertices. ``spider([3, 1, 1])`` has 6 vertices.
- A *caterpillar* is a tree whose non-leaf vertices form a path, the
  *spine*: the path left after deleting every leaf. ``caterpillar([a_1,
  ..., a_s])`` hangs `a_i` leaves on the `i`-th spine vertex; the spine is
  exactly `s` long when `a_1, a_s \ge 1` (and `a_1 \ge 2` when `s = 1`),
  which :func:`caterpillar` requires. Reversing the sequence gives the same
  caterpillar.
- ``complete_multipartite(la)`` is `K_\lambda`, parts of sizes `\lambda_i`.

EXAMPLES::

    sage: from sage_hcsf.graphs.families import spider, caterpillar, complete_multipartite
    sage: spider([2, 1, 1]).degree_sequence()
    [3, 2, 1, 1, 1]
    sage: caterpillar([2, 0, 1]).degree_sequence()
    [3, 2, 2, 1, 1, 1]
    sage: complete_multipartite([2, 1]).is_isomorphic(graphs.PathGraph(3))
    True
"""

from itertools import combinations

from sage.combinat.partition import Partitions
from sage.graphs.graph import Graph
from sage.graphs.graph_generators import graphs

from sage_hcsf.settings import integer_list, non_negative_integer, positive_integer, refusal


def spider(legs):
    r"""
    Return the spider with legs of the given lengths (numbers of vertices).

    INPUT:

    - ``legs`` -- list of at least 3 positive integers

    OUTPUT: a tree on `1 + \sum` legs vertices; vertex 0 is the centre

    EXAMPLES::

        sage: from sage_hcsf.graphs.families import spider
        sage: S = spider([1, 1, 1]); S.is_isomorphic(graphs.StarGraph(3))
        True
        sage: spider([1, 1])
        Traceback (most recent call last):
        ...
        ValueError: legs must be a list of at least 3 positive integers (the lengths of the legs); got [1, 1]
        sage: spider("abc")
        Traceback (most recent call last):
        ...
        TypeError: legs must be a list of at least 3 positive integers (the lengths of the legs); got 'abc' (str)
    """
    accepts = "a list of at least 3 positive integers (the lengths of the legs)"
    legs = integer_list("legs", legs, 1, accepts)
    if len(legs) < 3:
        raise refusal("legs", accepts, legs, ValueError)
    G = Graph(1)
    for length in legs:
        previous = 0
        for _ in range(length):
            vertex = G.order()
            G.add_edge(previous, vertex)
            previous = vertex
    G.name(f"spider{tuple(legs)}")
    return G


def spiders(n):
    r"""
    Iterate over the spiders on `n` vertices, one per isomorphism class
    (partitions of `n - 1` into at least 3 parts).

    EXAMPLES::

        sage: from sage_hcsf.graphs.families import spiders
        sage: [S.name() for S in spiders(6)]
        ['spider(3, 1, 1)', 'spider(2, 2, 1)', 'spider(2, 1, 1, 1)', 'spider(1, 1, 1, 1, 1)']
    """
    n = non_negative_integer("n", n)
    return (spider(list(legs)) for legs in Partitions(n - 1, min_length=3))


def caterpillar(spine_leaves):
    r"""
    Return the caterpillar with ``spine_leaves[i]`` leaves on spine vertex `i`.

    INPUT:

    - ``spine_leaves`` -- list `[a_1, \dots, a_s]` of nonnegative integers
      with `a_1, a_s \ge 1` (`a_1 \ge 2` if `s = 1`), so that the spine is
      exactly the path `v_1 \cdots v_s`

    EXAMPLES::

        sage: from sage_hcsf.graphs.families import caterpillar
        sage: caterpillar([3]).is_isomorphic(graphs.StarGraph(3))
        True
        sage: caterpillar([1, 1]).is_isomorphic(graphs.PathGraph(4))
        True
        sage: caterpillar([0, 2])
        Traceback (most recent call last):
        ...
        ValueError: spine_leaves must be a list [a_1, ..., a_s] of integers >= 0 with leaves on the end vertices of the spine (a_1, a_s >= 1, a_1 >= 2 if s = 1); got [0, 2]
    """
    accepts = ("a list [a_1, ..., a_s] of integers >= 0 with leaves on the end vertices of the "
               "spine (a_1, a_s >= 1, a_1 >= 2 if s = 1)")
    a = integer_list("spine_leaves", spine_leaves, 0, accepts)
    if not a or a[0] < 1 or a[-1] < 1 or (len(a) == 1 and a[0] < 2):
        raise refusal("spine_leaves", accepts, a, ValueError)
    s = len(a)
    G = graphs.PathGraph(s)
    for i, leaves in enumerate(a):
        for _ in range(leaves):
            G.add_edge(i, G.order())
    G.name(f"caterpillar{tuple(a)}")
    return G


def caterpillars(n, spine_length=None):
    r"""
    Iterate over the caterpillars on `n` vertices, one per isomorphism class,
    optionally with a given spine length.

    EXAMPLES::

        sage: from sage_hcsf.graphs.families import caterpillars
        sage: [C.name() for C in caterpillars(6)]
        ['caterpillar(5,)', 'caterpillar(3, 1)', 'caterpillar(2, 2)',
         'caterpillar(2, 0, 1)', 'caterpillar(1, 1, 1)', 'caterpillar(1, 0, 0, 1)']
        sage: sum(1 for _ in caterpillars(10)) == sum(1 for T in graphs.trees(10)
        ....:     if T.order() - T.degree().count(1) <= 1
        ....:     or T.subgraph([v for v in T if T.degree(v) > 1]).is_isomorphic(
        ....:         graphs.PathGraph(T.order() - T.degree().count(1))))
        True
    """
    n = non_negative_integer("n", n)
    lengths = range(1, n - 1) if spine_length is None else \
        [positive_integer("spine_length", spine_length)]
    return _caterpillars(n, lengths)


def _caterpillars(n, lengths):
    r"""
    Iterate over the caterpillars on `n` vertices with the spine lengths
    ``lengths`` (:func:`caterpillars`, its arguments checked).

    EXAMPLES::

        sage: from sage_hcsf.graphs.families import _caterpillars
        sage: [C.name() for C in _caterpillars(5, [2])]
        ['caterpillar(2, 1)']
    """
    for s in lengths:
        seen = set()
        for sequence in leaf_sequences(n - s, s):
            canonical = max(sequence, sequence[::-1])   # a caterpillar read from either end
            if canonical not in seen:
                seen.add(canonical)
                yield caterpillar(list(canonical))


def complete_multipartite(la):
    r"""
    Return the complete multipartite graph `K_\lambda`.

    EXAMPLES::

        sage: from sage_hcsf.graphs.families import complete_multipartite
        sage: complete_multipartite([1, 1, 1]).is_isomorphic(graphs.CompleteGraph(3))
        True
        sage: complete_multipartite([3]).size()
        0
    """
    la = integer_list("la", la, 1, "a list of positive integers (the sizes of the parts)")
    if len(la) == 1:
        G = Graph(la[0])
    else:
        G = graphs.CompleteMultipartiteGraph(la)
    G.name(f"K{tuple(la)}")
    return G


def star(k):
    r"""
    Return the star `K_{1,k}` (centre 0).

    EXAMPLES::

        sage: from sage_hcsf.graphs.families import star
        sage: star(4).degree(0)
        4
    """
    return graphs.StarGraph(non_negative_integer("k", k))


def all_graphs(n):
    r"""
    Iterate over the graphs on `n` vertices up to isomorphism (nauty's
    ``geng``).

    EXAMPLES::

        sage: from sage_hcsf.graphs.families import all_graphs
        sage: [sum(1 for _ in all_graphs(n)) for n in range(6)]
        [1, 1, 2, 4, 11, 34]
    """
    n = non_negative_integer("n", n)
    return iter([Graph(0)]) if n == 0 else graphs.nauty_geng(str(n))


def trees(n):
    r"""
    Iterate over the trees on `n` vertices up to isomorphism.

    EXAMPLES::

        sage: from sage_hcsf.graphs.families import trees
        sage: [sum(1 for _ in trees(n)) for n in range(1, 11)]
        [1, 1, 1, 2, 3, 6, 11, 23, 47, 106]
    """
    return graphs.trees(non_negative_integer("n", n))


def forests(n):
    r"""
    Iterate over the forests on `n \ge 1` vertices up to isomorphism.

    EXAMPLES::

        sage: from sage_hcsf.graphs.families import forests
        sage: [sum(1 for _ in forests(n)) for n in range(1, 9)]
        [1, 2, 3, 6, 10, 20, 37, 76]
    """
    n = positive_integer("n", n)
    return (G for G in graphs.nauty_geng(f"{n} 0:{n - 1}") if G.is_forest())


def connected_bipartite_graphs(n):
    r"""
    Iterate over the connected bipartite graphs on `n` vertices.

    EXAMPLES::

        sage: from sage_hcsf.graphs.families import connected_bipartite_graphs
        sage: [sum(1 for _ in connected_bipartite_graphs(n)) for n in range(1, 8)]
        [1, 1, 1, 3, 5, 17, 44]
    """
    n = positive_integer("n", n)
    return iter([Graph(1)]) if n == 1 else graphs.nauty_geng(f"{n} -c -b")


def graphs_up_to(max_n, family=all_graphs, start=1):
    r"""
    Return the list of the graphs of a family with ``start`` to ``max_n``
    vertices.

    INPUT:

    - ``max_n`` -- the largest number of vertices
    - ``family`` -- a function of `n` iterating over graphs on `n` vertices
      (default: :func:`all_graphs`)
    - ``start`` -- the least number of vertices (default: 1)

    EXAMPLES::

        sage: from sage_hcsf.graphs.families import graphs_up_to, trees
        sage: len(graphs_up_to(4))
        18
        sage: [T.order() for T in graphs_up_to(5, trees, start=4)]
        [4, 4, 5, 5, 5]
    """
    max_n, start = non_negative_integer("max_n", max_n), non_negative_integer("start", start)
    if not callable(family):
        raise refusal("family", "a function of n iterating over graphs on n vertices", family)
    return [G for n in range(start, max_n + 1) for G in family(n)]


def looped_graphs(max_vertices):
    r"""
    Iterate over the graphs with loops allowed on 1 to ``max_vertices``
    vertices (one per simple graph and subset of looped vertices; isomorphic
    copies are not removed).

    EXAMPLES::

        sage: from sage_hcsf.graphs.families import looped_graphs
        sage: sum(1 for _ in looped_graphs(2))   # 1 graph x 2 loop sets + 2 graphs x 4
        10
    """
    return _looped_graphs(non_negative_integer("max_vertices", max_vertices))


def _looped_graphs(max_vertices):
    r"""
    Iterate over the graphs of :func:`looped_graphs` (its argument checked).

    EXAMPLES::

        sage: from sage_hcsf.graphs.families import _looped_graphs
        sage: sum(1 for _ in _looped_graphs(1))
        2
    """
    for N in range(1, max_vertices + 1):
        for H in all_graphs(N):
            for mask in range(2 ** N):
                looped = Graph(H, loops=True)
                for v in range(N):
                    if mask >> v & 1:
                        looped.add_edge(v, v)
                yield looped


def leaf_sequences(leaves, s):
    r"""
    Return the sequences `(a_1, \dots, a_s)` of nonnegative integers with sum
    ``leaves``, `a_1, a_s \ge 1` (`a_1 \ge 2` if `s = 1`): the leaves hung
    on the spine of the caterpillars of spine length `s`, each caterpillar
    once or twice (the sequence read from either end). A helper of
    :func:`caterpillars`, public for the claims that build caterpillars
    without Sage graphs.

    EXAMPLES::

        sage: from sage_hcsf.graphs.families import leaf_sequences
        sage: leaf_sequences(3, 2)
        [(2, 1), (1, 2)]
    """
    leaves, s = non_negative_integer("leaves", leaves), positive_integer("s", s)
    if s == 1:
        return [(leaves,)] if leaves >= 2 else []
    if leaves < 2:
        return []
    result = []
    # a_1 - 1, a_2, ..., a_{s-1}, a_s - 1: nonnegative with sum leaves - 2 (stars and bars)
    for bars in combinations(range(leaves - 2 + s - 1), s - 1):
        parts = [b - a - 1 for a, b in zip((-1,) + bars, bars + (leaves - 2 + s - 1,))]
        parts[0] += 1
        parts[-1] += 1
        result.append(tuple(parts))
    return sorted(result, reverse=True)
