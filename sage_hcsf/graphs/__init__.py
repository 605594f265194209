r"""
Graphs in, graphs out: input forms, families, trees as parent arrays

- :mod:`sage_hcsf.graphs.graph_data` -- every input form (Sage and networkx
  graphs, graph6/sparse6 strings, edge lists, adjacency dictionaries) read
  once into :class:`~sage_hcsf.graphs.graph_data.GraphData`, and the
  canonical graph6 string by which a store finds a graph;
- :mod:`sage_hcsf.graphs.families` -- the families of the claims: spiders,
  caterpillars, complete multipartite graphs, all graphs on `n` vertices;
- :mod:`sage_hcsf.graphs.trees` -- trees as the parent arrays of ``gentreeg``.

This subpackage imports nothing else of the package.

EXAMPLES::

    sage: from sage_hcsf.graphs.graph_data import as_graph_data
    sage: as_graph_data("Bw").adjacency     # the triangle, from its graph6 string
    ((1, 2), (0, 2), (0, 1))
"""
