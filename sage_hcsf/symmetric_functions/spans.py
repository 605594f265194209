r"""
Spans and bases of H-chromatic symmetric functions

The augmented monomials `\widetilde m_\lambda`, `\lambda \vdash n`, are a
basis of `\Lambda^n`, and the coordinates of `X_G^H` in it are the
fiber-type counts `N_\lambda(G, H)`. Linear algebra on H-CSFs is therefore
linear algebra on integer vectors of fiber-type counts: a family
`\{X_G^H\}` is a basis of `\Lambda^n` exactly when the matrix of its counts
is square and invertible over `\QQ`.

EXAMPLES:

The self-CSFs of the complete multipartite graphs on 3 vertices are a
basis of `\Lambda^3` (their matrix is triangular); so are their
`K_3`-CSFs, not their CSFs for the edgeless target::

    sage: from sage_hcsf.symmetric_functions.spans import fiber_matrix, is_basis
    sage: from sage_hcsf.graphs.families import complete_multipartite
    sage: family = [complete_multipartite(la) for la in Partitions(3)]
    sage: fiber_matrix(family)      # columns [3], [2, 1], [1, 1, 1]
    [ 3 18  6]
    [ 0  4  2]
    [ 0  0  6]
    sage: is_basis(family, graphs.CompleteGraph(3)), is_basis(family, Graph(3))
    (True, False)
"""

from sage.combinat.partition import Partition, Partitions
from sage.matrix.constructor import matrix
from sage.rings.integer_ring import ZZ

from sage_hcsf.fiber_types.counts import fiber_type_counts
from sage_hcsf.graphs.families import all_graphs
from sage_hcsf.graphs.graph_data import as_graph_data


def fiber_vector(G, H, memory_budget=None):
    r"""
    Return the coordinates of `X_G^H` in the augmented monomial basis of
    `\Lambda^n`, `n = |V(G)|`: the fiber-type counts `N_\lambda(G, H)` with
    `\lambda` running over ``Partitions(n)`` in Sage's order
    (``memory_budget``: as for
    :func:`~sage_hcsf.fiber_types.counts.fiber_type_counts`).

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.spans import fiber_vector
        sage: P3 = graphs.PathGraph(3)
        sage: fiber_vector(P3, P3)      # [3], [2, 1], [1, 1, 1]
        [0, 4, 2]
    """
    n = as_graph_data(G).order()
    counts = fiber_type_counts(G, H, memory_budget=memory_budget)
    return [counts.get(Partition(la), 0) for la in Partitions(n)]


def fiber_matrix(graph_list, H=None, memory_budget=None):
    r"""
    Return the matrix whose rows are the fiber-type counts of `X_G^H`
    (`H = G` if ``H`` is ``None``) over all partitions of `n`, each count
    within ``memory_budget`` (see :func:`fiber_vector`).

    The augmented monomials are a basis of `\Lambda^n`, so the rows are the
    coordinates of the symmetric functions.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.spans import fiber_matrix
        sage: fiber_matrix([graphs.PathGraph(2), Graph(2)])   # columns [2], [1, 1]
        [0 2]
        [2 2]
    """
    return matrix(ZZ, [fiber_vector(G, G if H is None else H, memory_budget)
                       for G in graph_list])


def is_basis(family, H):
    r"""
    Return whether `\{X_G^H : G \in \mathrm{family}\}` is a basis of
    `\Lambda^n` (`n` the common number of vertices).

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.spans import is_basis
        sage: H = graphs.CompleteGraph(3)
        sage: is_basis([Graph(3), graphs.PathGraph(2).disjoint_union(Graph(1)), graphs.PathGraph(3)], H)
        True
        sage: is_basis([Graph(3), graphs.PathGraph(3)], H)
        False
    """
    family = list(family)
    n = as_graph_data(family[0]).order()
    if len(family) != Partitions(n).cardinality():
        return False
    return fiber_matrix(family, H).rank() == len(family)


def find_basis(H, n, candidates=None):
    r"""
    Return graphs `G_1, \dots, G_{p(n)}` on `n` vertices whose `X_{G_i}^H`
    form a basis of `\Lambda^n`, or ``None`` if the candidates (default: all
    graphs on `n` vertices) do not span.

    Greedy: a candidate is kept when it raises the rank.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.spans import find_basis, is_basis
        sage: H = graphs.CycleGraph(5)
        sage: basis = find_basis(H, 4); len(basis), is_basis(basis, H)
        (5, True)
        sage: find_basis(graphs.CompleteGraph(2), 3) is None
        True
    """
    target = Partitions(n).cardinality()
    chosen, rows = [], []
    for G in (all_graphs(n) if candidates is None else candidates):
        row = fiber_vector(G, H)
        if matrix(ZZ, rows + [row]).rank() > len(rows):
            rows.append(row)
            chosen.append(G)
            if len(chosen) == target:
                return chosen
    return None


def span_dimension(G, targets):
    r"""
    Return the dimension of the span of `\{X_G^H : H \in \mathrm{targets}\}`
    in `\Lambda^n`, `n = |V(G)|`.

    EXAMPLES:

    For an edgeless `G`, `X_G^H` depends only on `|V(H)|`::

        sage: from sage_hcsf.symmetric_functions.spans import span_dimension
        sage: span_dimension(Graph(3), [graphs.PathGraph(3), graphs.CompleteGraph(3), Graph(2)])
        2
    """
    return matrix(ZZ, [fiber_vector(G, H) for H in targets]).rank()
