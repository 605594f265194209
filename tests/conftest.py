"""Shared helpers: an independent brute-force oracle and graph generators."""
import pytest

import sage_hcsf  # noqa: F401  (initialises Sage in a working order)
from sage.graphs.graph import Graph
from sage.graphs.graph_generators import graphs


def brute_force_fiber_types(vertices, edges, h_vertices, h_edges):
    """
    Count homomorphisms by fiber type with nothing but Python: backtrack over
    the vertices of G in the given order, checking every edge to an earlier
    vertex. Independent of the package's code.
    """
    h_adjacent = {(a, b) for a, b in h_edges} | {(b, a) for a, b in h_edges}
    earlier = {v: [] for v in vertices}
    for i, v in enumerate(vertices):
        for u, w in edges:
            if w == v and u in vertices[: i + 1]:
                earlier[v].append(u)
            elif u == v and w in vertices[:i]:
                earlier[v].append(w)
    counts = {}
    image = {}

    def extend(i):
        if i == len(vertices):
            sizes = {}
            for w in image.values():
                sizes[w] = sizes.get(w, 0) + 1
            key = tuple(sorted(sizes.values(), reverse=True))
            counts[key] = counts.get(key, 0) + 1
            return
        v = vertices[i]
        for w in h_vertices:
            image[v] = w
            if all((image[u], w) in h_adjacent for u in earlier[v]):
                extend(i + 1)
            del image[v]

    extend(0)
    return counts


def as_tuples(counts):
    """Fiber-type counts with plain tuple keys and int values."""
    return {tuple(la): int(c) for la, c in counts.items()}


@pytest.fixture(scope="session")
def all_graphs_up_to_7():
    return [g for n in range(8) for g in graphs(n)]


@pytest.fixture(scope="session")
def connected_graphs_up_to_6():
    return [g for n in range(1, 7) for g in graphs(n) if g.is_connected()]


def looped(H, vertices):
    H = Graph(H, loops=True)
    for v in vertices:
        H.add_edge(v, v)
    return H
