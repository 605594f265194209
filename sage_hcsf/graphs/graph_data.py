r"""
Graphs in, integer adjacency lists out

Every public function of :mod:`sage_hcsf` accepts a graph in any of these
forms and converts it here, once, to the plain data the kernels take:

- a Sage :class:`~sage.graphs.graph.Graph` (loops allowed; multiple edges
  collapse to one),
- a networkx ``Graph`` or ``MultiGraph``,
- a graph6 or sparse6 string, with or without the header ``>>graph6<<``
  or ``>>sparse6<<`` (as ``geng -h`` and networkx write them),
- an edge list (an iterable of pairs ``(u, v)``; ``(v, v)`` is a loop),
- an adjacency dictionary ``{v: iterable of neighbours}``.

Vertex labels may be any hashable objects. Directed graphs are refused.

EXAMPLES::

    sage: from sage_hcsf.graphs.graph_data import as_graph_data
    sage: as_graph_data(graphs.PathGraph(3))
    GraphData(adjacency=((1,), (0, 2), (1,)), loops=(False, False, False), labels=(0, 1, 2))
    sage: as_graph_data([("a", "b"), ("b", "b")]).loops
    (False, True)
    sage: as_graph_data("Bw").adjacency
    ((1, 2), (0, 2), (0, 1))
    sage: as_graph_data(DiGraph([(0, 1)]))
    Traceback (most recent call last):
    ...
    TypeError: G must be an undirected graph; got a directed graph (DiGraph); use G.to_undirected() if that is what you mean
"""

from collections.abc import Hashable, Iterable
from typing import NamedTuple

from sage.graphs.graph import Graph


class GraphData(NamedTuple):
    r"""
    A simple graph with optional loops on the vertices ``0..n-1``.

    ``adjacency[v]`` is the sorted tuple of neighbours of ``v`` other than
    itself, ``loops[v]`` says whether ``v`` has a loop, and ``labels[v]``
    is the original label of ``v``.

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import GraphData
        sage: GraphData(((1,), (0,)), (False, True), ("a", "b")).loops
        (False, True)
    """
    adjacency: tuple
    loops: tuple
    labels: tuple

    def order(self):
        r"""
        Return the number of vertices.

        EXAMPLES::

            sage: from sage_hcsf.graphs.graph_data import as_graph_data
            sage: as_graph_data(graphs.PetersenGraph()).order()
            10
        """
        return len(self.adjacency)

    def neighbours_with_loops(self):
        r"""
        Return adjacency lists in which a looped vertex lists itself.

        This is how the kernels receive the target graph `H`.

        EXAMPLES::

            sage: from sage_hcsf.graphs.graph_data import as_graph_data
            sage: as_graph_data([(0, 1), (1, 1)]).neighbours_with_loops()
            [[1], [0, 1]]
        """
        return [sorted(nbrs + ((v,) if self.loops[v] else ()))
                for v, nbrs in enumerate(self.adjacency)]

    def to_sage_graph(self):
        r"""
        Return this graph as a Sage graph on its original labels.

        EXAMPLES::

            sage: from sage_hcsf.graphs.graph_data import as_graph_data
            sage: as_graph_data([(0, 1), (1, 1)]).to_sage_graph()
            Looped graph on 2 vertices
        """
        edges = [(self.labels[u], self.labels[v]) for u, nbrs in enumerate(self.adjacency)
                 for v in nbrs if u < v]
        edges += [(self.labels[v], self.labels[v]) for v in range(self.order()) if self.loops[v]]
        return Graph([list(self.labels), edges], format="vertices_and_edges",
                     loops=any(self.loops))


def _directed_error(name, kind):
    r"""
    Return the ``TypeError`` for a directed input.

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import _directed_error
        sage: _directed_error("H", "DiGraph")
        TypeError('H must be an undirected graph; got a directed graph (DiGraph); use H.to_undirected() if that is what you mean')
    """
    return TypeError(f"{name} must be an undirected graph; got a directed graph "
                     f"({kind}); use {name}.to_undirected() if that is what you mean")


def _from_edges(vertices, edges):
    r"""
    Build :class:`GraphData` from vertex labels and label pairs; repeated
    edges collapse, ``(v, v)`` is a loop.

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import _from_edges
        sage: _from_edges(["b", "a", 1], [("a", "b"), ("b", "a"), (1, 1)])
        GraphData(adjacency=((1,), (0,), ()), loops=(False, False, True), labels=('b', 'a', 1))
    """
    vertices = list(dict.fromkeys(vertices))
    try:
        vertices.sort()
    except TypeError:
        pass  # labels of mixed types keep their order of appearance
    index = {v: i for i, v in enumerate(vertices)}
    neighbours = [set() for _ in vertices]
    loops = [False] * len(vertices)
    for u, v in edges:
        i, j = index[u], index[v]
        if i == j:
            loops[i] = True
        else:
            neighbours[i].add(j)
            neighbours[j].add(i)
    return GraphData(tuple(tuple(sorted(s)) for s in neighbours), tuple(loops), tuple(vertices))


def _checked_pair(name, edge):
    r"""
    Return ``edge`` as a tuple, or raise ``TypeError`` if a label is not
    hashable.

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import _checked_pair
        sage: _checked_pair("G", [0, "a"])
        (0, 'a')
        sage: _checked_pair("G", (1, [2]))
        Traceback (most recent call last):
        ...
        TypeError: G has a vertex label that is not hashable: [2] (in (1, [2])); labels may be numbers, strings, tuples, ...
    """
    for label in edge:
        if not isinstance(label, Hashable):
            raise TypeError(f"{name} has a vertex label that is not hashable: {label!r} "
                            f"(in {tuple(edge)!r}); labels may be numbers, strings, tuples, ...")
    return tuple(edge)


HEADERS = (">>graph6<<", ">>sparse6<<")


def strip_header(text):
    r"""
    Return ``text`` without a leading ``>>graph6<<`` or ``>>sparse6<<``
    header (written by ``geng -h`` and by networkx ``write_graph6(...,
    header=True)``) and surrounding blanks; a line that is only a header
    becomes ``""``.

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import strip_header
        sage: strip_header(">>graph6<<BW\n"), strip_header(">>sparse6<<:Bw"), strip_header(">>graph6<<")
        ('BW', ':Bw', '')
        sage: strip_header("Bw")
        'Bw'
    """
    text = text.strip()
    for header in HEADERS:
        if text.startswith(header):
            return text[len(header):].strip()
    return text


def _from_string(text, name):
    r"""
    Return :class:`GraphData` for a graph6 or sparse6 string.

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import _from_string
        sage: _from_string(" Bw\n", "G").adjacency
        ((1, 2), (0, 2), (0, 1))
        sage: _from_string(">>graph6<<Bw", "G").adjacency, _from_string(">>sparse6<<:An", "G").adjacency
        (((1, 2), (0, 2), (0, 1)), ((1,), (0,)))
        sage: _from_string(">>graph6<<", "G")
        Traceback (most recent call last):
        ...
        ValueError: G is only a header ('>>graph6<<'); give the graph after it, as in '>>graph6<<Bw'
        sage: _from_string("B!", "G")
        Traceback (most recent call last):
        ...
        ValueError: G is not a valid graph6 or sparse6 string: 'B!' (the string seems corrupt: valid characters are ?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~)
        sage: _from_string(":", "H")
        Traceback (most recent call last):
        ...
        ValueError: H is not a valid graph6 or sparse6 string: ':' (...)
        sage: _from_string("   ", "G")
        Traceback (most recent call last):
        ...
        ValueError: G is an empty string; a graph6 or sparse6 string has at least one character (Graph() is the empty graph)
    """
    stripped = strip_header(text)
    if not stripped and text.strip():
        raise ValueError(f"{name} is only a header ({text.strip()!r}); give the graph "
                         f"after it, as in '>>graph6<<Bw'")
    if not stripped:
        raise ValueError(f"{name} is an empty string; a graph6 or sparse6 string has at least "
                         "one character (Graph() is the empty graph)")
    if stripped.startswith("&"):
        raise _directed_error(name, "a digraph6 string")
    try:
        graph = Graph(stripped, format="sparse6" if stripped.startswith(":") else "graph6")
    except (RuntimeError, ValueError, IndexError, TypeError) as error:
        reason = " ".join(str(error).split()) or type(error).__name__   # Sage's has a line break
        raise ValueError(f"{name} is not a valid graph6 or sparse6 string: {stripped!r} "
                         f"({reason})") from None
    return as_graph_data(graph, name)


def as_graph_data(G, name="G"):
    r"""
    Return ``G`` as :class:`GraphData`.

    INPUT:

    - ``G`` -- a Sage graph, a networkx graph, a graph6/sparse6 string, an
      edge list or an adjacency dictionary (see the module documentation)
    - ``name`` -- string (default: ``"G"``); how error messages call ``G``

    OUTPUT: a :class:`GraphData`; its vertices are the labels of ``G``,
    sorted when they can be compared.

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: import networkx
        sage: as_graph_data(networkx.path_graph(3)) == as_graph_data(graphs.PathGraph(3))
        True
        sage: as_graph_data({0: [1], 1: [0], 2: []}).adjacency
        ((1,), (0,), ())
        sage: as_graph_data(Graph([(0, 1), (0, 1)], multiedges=True)).adjacency
        ((1,), (0,))

    TESTS::

        sage: as_graph_data("hello")
        Traceback (most recent call last):
        ...
        ValueError: G is not a valid graph6 or sparse6 string: 'hello' (...)
        sage: as_graph_data("")
        Traceback (most recent call last):
        ...
        ValueError: G is an empty string; ...
        sage: as_graph_data({"a": 5})
        Traceback (most recent call last):
        ...
        TypeError: G as an adjacency dict must map each vertex to an iterable of neighbours; got 'a': 5
        sage: as_graph_data([(0, 1), (1, [2])])
        Traceback (most recent call last):
        ...
        TypeError: G has a vertex label that is not hashable: [2] (in (1, [2])); ...
        sage: as_graph_data(networkx.DiGraph([(0, 1)]), "H")
        Traceback (most recent call last):
        ...
        TypeError: H must be an undirected graph; got a directed graph (networkx DiGraph); ...
        sage: as_graph_data(42)
        Traceback (most recent call last):
        ...
        TypeError: G must be a graph (Sage or networkx), a graph6/sparse6 string, an edge list or an adjacency dict; got 42 of type <class 'sage.rings.integer.Integer'>
        sage: as_graph_data([(0, 1, 2)])
        Traceback (most recent call last):
        ...
        ValueError: G as an edge list must consist of pairs (u, v); got (0, 1, 2)
    """
    if isinstance(G, GraphData):
        return G
    if isinstance(G, Graph):
        return _from_edges(G.vertices(sort=False), G.edge_iterator(labels=False))
    if hasattr(G, "is_directed") and callable(G.is_directed):
        if G.is_directed():
            kind = "networkx " + type(G).__name__ if hasattr(G, "adj") else type(G).__name__
            raise _directed_error(name, kind)
        if hasattr(G, "adj") and hasattr(G, "nodes"):  # networkx
            return _from_edges(list(G.nodes()), [(u, v) for u, v, *_ in G.edges()])
    if isinstance(G, bytes):
        G = G.decode("ascii")
    if isinstance(G, str):
        return _from_string(G, name)
    if isinstance(G, dict):
        edges = []
        for u, nbrs in G.items():
            if isinstance(nbrs, (str, bytes)) or not isinstance(nbrs, Iterable):
                raise TypeError(f"{name} as an adjacency dict must map each vertex to an "
                                f"iterable of neighbours; got {u!r}: {nbrs!r}")
            edges += [_checked_pair(name, (u, v)) for v in nbrs]
        return _from_edges(list(G) + [v for _, v in edges], edges)
    if isinstance(G, (list, tuple, set, frozenset)):
        edges = []
        for edge in G:
            if not (isinstance(edge, (list, tuple)) and len(edge) == 2):
                raise ValueError(f"{name} as an edge list must consist of pairs (u, v); got {edge!r}")
            edges.append(_checked_pair(name, edge))
        return _from_edges([x for e in edges for x in e], edges)
    raise TypeError(f"{name} must be a graph (Sage or networkx), a graph6/sparse6 string, "
                    f"an edge list or an adjacency dict; got {G!r} of type {type(G)}")


def canonical_graph6(G):
    r"""
    Return the canonical graph6 string of a graph (nauty's canonical label
    through Sage), the key of a graph in the store.

    INPUT:

    - ``G`` -- a graph in any form :mod:`sage_hcsf` accepts

    EXAMPLES::

        sage: from sage_hcsf.graphs.graph_data import canonical_graph6
        sage: canonical_graph6([(0, 1), (1, 2)]) == canonical_graph6("Bg")
        True
    """
    from sage_hcsf.graphs.graph_data import as_graph_data
    graph = as_graph_data(G).to_sage_graph().canonical_label()
    return graph.sparse6_string() if graph.has_loops() else graph.graph6_string()
