r"""
Trees and forests as parent arrays, the form nauty's ``gentreeg -p`` writes

The tree kernels (:mod:`sage_hcsf.kernels.tree_homs`,
:mod:`sage_hcsf.kernels.tree_cuts`) read trees as parent arrays: the parents
of vertices `2, \dots, n` in breadth-first order from vertex 1, ``0`` for the
root. This module converts both ways and runs ``gentreeg`` for a slice of the
trees on `n` vertices.

EXAMPLES::

    sage: from sage_hcsf.graphs.trees import parent_array_line, tree_from_parents, tree_parent_arrays
    sage: parent_array_line(graphs.StarGraph(3))
    '0 1 1 1'
    sage: tree_parent_arrays(4, "0/1")
    b'0 1 2 1\n0 1 1 1\n'
    sage: tree_from_parents("0 1 2 1").is_isomorphic(graphs.PathGraph(4))
    True
"""

import subprocess

from sage_hcsf.graphs.graph_data import as_graph_data

# CERTIFICATES is also sage_hcsf.certify.ladder.CERTIFICATES, the ladder the sweeps walk


def forest_parent_arrays(G):
    r"""
    Return the components of a forest as parent arrays, or ``None`` if
    ``G`` is not a forest.

    INPUT:

    - ``G`` -- a graph in any accepted form

    OUTPUT: a list with one list per component, as
    :func:`~sage_hcsf.kernels.tree_cuts.tree_cut_counts` takes it: ``[-1]`` for the
    component's first vertex, then the other vertices in breadth-first
    order, each with the position of its parent; ``None`` if ``G`` has a
    cycle or a loop

    EXAMPLES::

        sage: from sage_hcsf.graphs.trees import forest_parent_arrays
        sage: forest_parent_arrays(graphs.PathGraph(3))
        [[-1, 0, 1]]
        sage: forest_parent_arrays([(0, 1), (0, 2), (3, 4), (5, 5)]) is None
        True
        sage: forest_parent_arrays(Graph([(0, 1), (0, 2), (3, 4)]))
        [[-1, 0, 0], [-1, 0]]
        sage: forest_parent_arrays(graphs.CycleGraph(4)) is None
        True
    """
    data = as_graph_data(G, "G")
    if any(data.loops):
        return None
    position = [-1] * data.order()
    components = []
    for root in range(data.order()):
        if position[root] >= 0:
            continue
        order, parents = [root], [-1]
        position[root] = 0
        for i, v in enumerate(order):
            for u in data.adjacency[v]:
                if position[u] < 0:
                    position[u] = len(order)
                    order.append(u)
                    parents.append(i)
                elif position[u] != parents[i]:
                    return None  # a second path to u: a cycle
        components.append(parents)
    return components


def nauty_program(program):
    r"""
    Return the path of a nauty program shipped with Sage.

    EXAMPLES::

        sage: from sage_hcsf.graphs.trees import nauty_program
        sage: nauty_program("gentreeg").endswith("gentreeg")
        True
    """
    from sage.features.nauty import NautyExecutable
    return NautyExecutable(program).absolute_filename()


def tree_parent_arrays(n, part):
    r"""
    Return the parent arrays of the trees of slice ``part`` on `n` vertices
    (``gentreeg -p``), as bytes.

    EXAMPLES::

        sage: from sage_hcsf.graphs.trees import tree_parent_arrays
        sage: tree_parent_arrays(4, "0/1")
        b'0 1 2 1\n0 1 1 1\n'
    """
    res, mod = part.split("/")
    return subprocess.run([nauty_program("gentreeg"), "-q", "-p", str(n), f"{res}/{mod}"],
                          check=True, capture_output=True).stdout


def tree_from_parents(line):
    r"""
    Return the Sage graph of a ``gentreeg -p`` parent-array line.

    EXAMPLES::

        sage: from sage_hcsf.graphs.trees import tree_from_parents
        sage: tree_from_parents("0 1 1 1").is_isomorphic(graphs.StarGraph(3))
        True
    """
    from sage.graphs.graph import Graph
    parents = [int(x) for x in line.split()]
    return Graph([list(range(len(parents))),
                  [(i, p - 1) for i, p in enumerate(parents) if p]], format="vertices_and_edges")


def parent_array_line(T):
    r"""
    Return a tree as a ``gentreeg -p`` line: the parents of vertices
    `2, \dots, n` in a breadth-first order from the first vertex, `0` for
    the root (the input of :mod:`sage_hcsf.kernels.tree_homs`).

    INPUT:

    - ``T`` -- a tree in any form :mod:`sage_hcsf` accepts

    EXAMPLES::

        sage: from sage_hcsf.graphs.trees import parent_array_line, tree_from_parents
        sage: parent_array_line(graphs.StarGraph(3))
        '0 1 1 1'
        sage: T = graphs.RandomTree(15)
        sage: tree_from_parents(parent_array_line(T)).is_isomorphic(T)
        True
    """
    from sage_hcsf.graphs.graph_data import as_graph_data
    adjacency = as_graph_data(T).adjacency
    order, index = [0], {0: 1}
    parents = [0]
    for v in order:
        for u in adjacency[v]:
            if u not in index:
                index[u] = len(order) + 1
                order.append(u)
                parents.append(index[v])
    return " ".join(map(str, parents))
