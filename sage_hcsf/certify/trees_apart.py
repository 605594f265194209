r"""
Trees apart from every other graph: one certificate over all graphs of an order

Claim 1 (the self-CSF tells trees from non-trees, with one exception) only
needs, on each order `n`, the classes of equal self-CSF that hold a tree.
:func:`trees_apart` finds them for every graph on `n` vertices with one
certificate, `I_2(G)`: the number of endomorphisms of `G` whose image has
exactly two vertices, the sum of the fiber-type counts `N_\lambda(G, G)`
over the partitions `\lambda` with two parts (so a function of `X_G^G`).

It has a closed form (:mod:`sage_hcsf.kernels.graph_images`): `|E(G)| \,
2^{c(G)}` for a bipartite graph with an edge and `c(G)` components, `0` for
a graph that is not bipartite, `\binom{n}{2}(2^n - 2)` for a graph with no
edge; `2(n - 1)` for a tree. A C kernel computes it for every line of
nauty's ``geng`` (millions of graphs a second); only the graphs that share
the trees' value go on, and those that are not trees are compared with every
tree by their full fiber-type counts. On `n \ge 4` vertices no graph other
than a tree has `I_2(G) = 2(n - 1)` (a graph with an edge and `c \ge 2`
components has at least `n - c > (n - 1)/2^{c - 1}` edges), so the sweep is
the check that the kernel, ``geng`` and this argument agree on every graph.

EXAMPLES::

    sage: from sage_hcsf.certify.trees_apart import trees_apart
    sage: trees_apart(3, processes=1, progress=False)
    graphs on 3 vertices: 4 swept, 1 tree, 1 other graph sharing I_2 = 4 with a tree, 1 class of a tree and a non-tree
    sage: trees_apart(9, processes=1, progress=False).exceptions
    []
"""

import time
from typing import NamedTuple

from tqdm import tqdm

from sage_hcsf.certify.certificate import normalised_counts
from sage_hcsf.certify.enumeration import family_size, number_of_trees
from sage_hcsf.certify.tasks import full_counts_task, two_image_task
from sage_hcsf.graphs.graph_data import canonical_graph6
from sage_hcsf.parallel.executors import owned_executor

GRAPHS_PER_TASK = 1_000_000   # geng lines a task: 13 slices on 10 vertices, 1,019 on 11


class TreesApart(NamedTuple):
    r"""
    What :func:`trees_apart` finds on `n` vertices: ``graphs``, how many it
    swept (all of them: checked against the known number); ``trees``, how
    many of them are trees (checked against Otter's count); ``others``, the
    graphs other than trees with the trees' value of `I_2` (canonical
    graph6); ``exceptions``, the classes of equal self-CSF that hold a tree
    and a non-tree (sorted lists of canonical graph6); ``undecided``, the
    graphs whose full counts exceeded the memory budget
    (``{"graphs": [graph6], "reason": ...}``); ``seconds``, the wall time.

    EXAMPLES::

        sage: from sage_hcsf.certify.trees_apart import TreesApart
        sage: TreesApart(4, 11, 2, [], [], [], 0.1)
        graphs on 4 vertices: 11 swept, 2 trees, no other graph shares I_2 = 6 with a tree
    """
    n: int
    graphs: int
    trees: int
    others: list
    exceptions: list
    undecided: list
    seconds: float

    def __repr__(self):
        value = 2 * (self.n - 1)
        head = (f"graphs on {self.n} vert{'ex' if self.n == 1 else 'ices'}: {self.graphs} "
                f"swept, {self.trees} tree{'s' if self.trees != 1 else ''}, ")
        if not self.others:
            return head + f"no other graph shares I_2 = {value} with a tree"
        others = len(self.others)
        text = (head + f"{others} other graph{'s' if others > 1 else ''} sharing I_2 = "
                f"{value} with a tree, ")
        classes = len(self.exceptions)
        text += (f"{classes} class{'es' if classes != 1 else ''} of a tree and a non-tree"
                 if classes else "all separated by their full counts")
        if self.undecided:
            text += f", {len(self.undecided)} undecided (beyond the memory budget)"
        return text


def trees_apart(n, executor=None, processes=None, progress=True, memory_budget=None):
    r"""
    Return the :class:`TreesApart` of the graphs on `n` vertices
    (`1 \le n \le 11`): every class of equal self-CSF that holds a tree and
    a graph that is not a tree.

    INPUT:

    - ``n`` -- the order, from 1 to 11 (the orders whose number of graphs
      the package knows, to check that ``geng`` gave them all: 1,018,997,864
      on 11)
    - ``executor``, ``processes`` -- as for
      :func:`~sage_hcsf.parallel.executors.make_executor`: the slices of
      ``geng`` run on its workers
    - ``progress`` -- show a progress bar (default: ``True``)
    - ``memory_budget`` -- bytes, the budget of each full fiber-type count
      (default: :func:`~sage_hcsf.settings.memory_budget`)

    EXAMPLES::

        sage: from sage_hcsf.certify.trees_apart import trees_apart
        sage: r = trees_apart(3, processes=1, progress=False)
        sage: r.exceptions, r.others
        ([['BG', 'BW']], ['BG'])
        sage: trees_apart(2, processes=1, progress=False)
        graphs on 2 vertices: 2 swept, 1 tree, 1 other graph sharing I_2 = 2 with a tree, all separated by their full counts

    A graph beyond the memory budget is undecided, never separated::

        sage: r = trees_apart(3, processes=1, progress=False, memory_budget=1)
        sage: [u["graphs"] for u in r.undecided], r.exceptions
        ([['BW'], ['BG']], [])
        sage: r.undecided[0]["reason"]
        'the dynamic programme needs more than its memory budget of 1 bytes for its state tables (step 0 of 3, 0 states)'

    TESTS::

        sage: trees_apart(12)
        Traceback (most recent call last):
        ...
        ValueError: n must be an integer from 1 to 11 for graphs; got 12
    """
    from sage.graphs.graph import Graph
    total = family_size("graphs", n)
    start = time.perf_counter()
    mod = max(1, -(-total // GRAPHS_PER_TASK))
    tasks = [(n, f"{res}/{mod}", 2 * (n - 1)) for res in range(mod)]
    swept, kept = 0, []
    bar = tqdm(total=total, desc=f"claim 1: graphs n={n}", unit="graph", disable=not progress,
               smoothing=0.05)
    try:
        with owned_executor(executor, processes) as pool:
            for _, (count, graph6_list, _) in pool.map_unordered(two_image_task, tasks):
                swept += count
                kept.extend(graph6_list)
                bar.update(count)
    finally:
        bar.close()
    if swept != total:
        raise RuntimeError(f"geng gave {swept} graphs on {n} vertices; there are {total}")
    trees, others = [], []
    for g6 in kept:
        G = Graph(g6)
        (trees if G.is_tree() else others).append(canonical_graph6(G))
    trees.sort()
    others.sort()
    if len(trees) != number_of_trees(n):
        raise RuntimeError(f"{len(trees)} trees on {n} vertices have I_2 = {2 * (n - 1)}; "
                           f"there are {number_of_trees(n)} trees")
    exceptions, undecided = [], []
    if others:
        by_counts = {}
        for g6 in trees + others:
            _, counts, _, reason = full_counts_task((g6, memory_budget))
            if counts is None:
                undecided.append({"graphs": [g6], "reason": reason})
            else:
                by_counts.setdefault(normalised_counts(counts), []).append(g6)
        exceptions = sorted(sorted(c) for c in by_counts.values()
                            if set(c) & set(trees) and set(c) - set(trees))
    return TreesApart(n, swept, len(trees), others, exceptions, undecided,
                      round(time.perf_counter() - start, 3))
