r"""
H-chromatic methods on Sage's ``Graph``

``import sage_hcsf`` leaves Sage's classes alone; one explicit call,
:func:`extend_graph_classes`, attaches the methods -- and makes Sage's own
``Graph.chromatic_symmetric_function`` the package's
:func:`~sage_hcsf.symmetric_functions.stanley.chromatic_symmetric_function`:
the same value in the same parent (checked against Sage's in the tests on
every graph on at most 6 vertices, those on 7 with at most 12 edges, and
every tree on at most 10), in
milliseconds where Sage's sums over all `2^{|E|}` edge sets (a tree on 20
vertices: 10 s). Sage's own method stays at hand as
``SAGE_METHODS["chromatic_symmetric_function"]``.

EXAMPLES::

    sage: from sage_hcsf import extend_graph_classes
    sage: extend_graph_classes()
    sage: P3 = graphs.PathGraph(3)
    sage: P3.self_chromatic_symmetric_function()
    2*p[1, 1, 1] - 2*p[2, 1]
    sage: P3.h_chromatic_symmetric_function(graphs.CompleteGraph(2), basis="m")
    2*m[2, 1]
    sage: P3.h_chromatic_polynomial(P3)
    2*x^3 - 2*x^2
    sage: P3.homomorphism_fiber_types(P3)
    {[1, 1, 1]: 2, [2, 1]: 4}
    sage: P3.count_homomorphisms(graphs.CompleteGraph(3))
    12
"""

from sage.graphs.graph import Graph

from sage_hcsf.fiber_types.counts import count_homomorphisms, fiber_type_counts
from sage_hcsf.symmetric_functions.h_chromatic import (
    h_chromatic_polynomial,
    h_chromatic_symmetric_function,
    self_chromatic_symmetric_function,
)
from sage_hcsf.symmetric_functions.stanley import chromatic_symmetric_function

GRAPH_METHODS = {
    "h_chromatic_symmetric_function": h_chromatic_symmetric_function,
    "self_chromatic_symmetric_function": self_chromatic_symmetric_function,
    "h_chromatic_polynomial": h_chromatic_polynomial,
    "homomorphism_fiber_types": fiber_type_counts,
    "count_homomorphisms": count_homomorphisms,
    # Sage's (self, R=None) is the start of the package's signature
    "chromatic_symmetric_function": chromatic_symmetric_function,
}

#: Sage's own methods that :func:`extend_graph_classes` replaces, as they were.
SAGE_METHODS = {name: vars(Graph)[name] if name in vars(Graph) else getattr(Graph, name)
                for name in GRAPH_METHODS if hasattr(Graph, name)}


def extend_graph_classes():
    r"""
    Attach the H-chromatic functions as methods of Sage's ``Graph``.

    ``G.h_chromatic_symmetric_function(H, ...)``,
    ``G.self_chromatic_symmetric_function(...)``,
    ``G.h_chromatic_polynomial(H, ...)``,
    ``G.homomorphism_fiber_types(H, ...)`` and
    ``G.count_homomorphisms(H, ...)`` call the functions of the same names
    (:func:`~sage_hcsf.fiber_types.counts.fiber_type_counts` for the fiber types)
    with ``G`` as first argument. ``G.chromatic_symmetric_function(R=None,
    ...)``, Sage's own method, becomes
    :func:`~sage_hcsf.symmetric_functions.stanley.chromatic_symmetric_function`
    (the same value; forests by counting cuts). Calling it again changes
    nothing; it prints nothing.

    EXAMPLES::

        sage: from sage_hcsf import extend_graph_classes
        sage: extend_graph_classes(); extend_graph_classes()
        sage: graphs.CycleGraph(4).count_homomorphisms(graphs.CompleteGraph(2))
        2
        sage: T = graphs.RandomTree(20, seed=1)
        sage: X = T.chromatic_symmetric_function()      # milliseconds; Sage's took 10 s
        sage: X.parent()
        Symmetric Functions over Integer Ring in the powersum basis
        sage: from sage_hcsf.symmetric_functions.graph_methods import SAGE_METHODS
        sage: G = graphs.PetersenGraph()
        sage: G.chromatic_symmetric_function(QQ) == SAGE_METHODS["chromatic_symmetric_function"](G, QQ)
        True
    """
    for name, function in GRAPH_METHODS.items():
        setattr(Graph, name, function)
