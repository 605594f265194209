r"""
The public counts: homomorphisms by fiber type, and in all

:func:`fiber_type_counts` and :func:`count_homomorphisms` normalise their
input (any graph form, the empty graph and target, components of `G`,
targets beyond the kernels' 255 vertices with large twin classes), pick the
engine (:mod:`sage_hcsf.fiber_types.engines`) and return Sage's types:
``Partition -> Integer`` and ``Integer``.

EXAMPLES::

    sage: from sage_hcsf.fiber_types.counts import count_homomorphisms, fiber_type_counts
    sage: fiber_type_counts(graphs.CycleGraph(4), graphs.CompleteGraph(2))
    {[2, 2]: 2}
    sage: count_homomorphisms(graphs.PetersenGraph(), graphs.CompleteGraph(3))
    120
"""

from sage.combinat.partition import _Partitions
from sage.rings.integer import Integer

from sage_hcsf.fiber_types.closed_forms import closed_form_homomorphisms
from sage_hcsf.fiber_types.engines import engine_named
from sage_hcsf.fiber_types.prepare import _components, _within_kernel_limits
from sage_hcsf.fiber_types.progress import watching
from sage_hcsf.graphs.graph_data import as_graph_data
from sage_hcsf.settings import budget_for_call, deprecated_state_budget


def partition_from_tuple(parts):
    r"""
    Return the :class:`Partition` of a weakly decreasing tuple of positive
    integers, as the kernels produce them, without validating it again
    (``Partition(...)`` costs more than the DP on large outputs).

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.counts import partition_from_tuple
        sage: la = partition_from_tuple((3, 1, 1)); la, la == Partition([3, 1, 1]), la.parent()
        ([3, 1, 1], True, Partitions)
    """
    return _Partitions.element_class(_Partitions, list(parts))


def counting_arguments(G, H, algorithm, memory_budget, state_budget=None, names=("G", "H")):
    r"""
    Return the arguments of a count, checked before any work: ``G`` and
    ``H`` as :class:`~sage_hcsf.graphs.graph_data.GraphData`, the engine
    and the budget in bytes (a deprecated ``state_budget`` warns, two
    frames up: at the caller of the public function). Errors call the
    graphs ``names``.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.counts import counting_arguments
        sage: G, H, engine, budget = counting_arguments("Bw", [(0, 1)], "dp", "1G")
        sage: G.order(), H.order(), engine.name, budget
        (3, 2, 'dp', 1000000000)
        sage: counting_arguments("Bw", None, "dp", "1G")
        Traceback (most recent call last):
        ...
        TypeError: H must be a graph (Sage or networkx), ...; got None of type <class 'NoneType'>
    """
    chosen = engine_named(algorithm)
    budget = budget_for_call(memory_budget, state_budget, stacklevel=4)
    return as_graph_data(G, names[0]), as_graph_data(H, names[1]), chosen, budget


def fiber_type_counts(G, H, algorithm="auto", *, memory_budget=None, progress=None,
                      **deprecated):
    r"""
    Return the number of homomorphisms `G \to H` of each fiber type.

    .. MATH::

        N_\lambda(G, H) = \#\{\phi \in \mathrm{Hom}(G, H) :
        (|\phi^{-1}(w)|)_{w \in V(H)} \text{ sorted, zeros dropped} = \lambda\}

    INPUT:

    - ``G``, ``H`` -- graphs (Sage, networkx, graph6, edge list, adjacency
      dict); ``H`` may have loops; a loop in ``G`` at `v` forces `v` onto a
      looped vertex of ``H``; multiple edges count once
    - ``algorithm`` -- ``"auto"`` (default), ``"dp"``, ``"enumerate"`` or
      any other name in :data:`ENGINES` (see the module documentation)
    - ``memory_budget`` -- bytes (an integer, or a string such as ``"8G"``)
      or ``None`` (default: :func:`memory_budget`); the most memory the
      tables may hold (a keyword argument)
    - ``progress`` -- ``None`` (default: shown in a terminal or a notebook),
      ``True`` or ``False`` (a keyword argument): whether a call that has
      taken two seconds shows a progress bar with the step of the DP and
      its states (:mod:`~sage_hcsf.fiber_types.progress`)
    - ``state_budget`` -- deprecated (a keyword argument, not in the
      signature): the budget in states, see :func:`state_budget`

    OUTPUT: a dictionary from :class:`Partition` to :class:`Integer` with the
    nonzero counts only, partitions in increasing lexicographic order;
    ``{[]: 1}`` for the empty graph ``G`` and ``{}`` if there is no
    homomorphism.

    ALGORITHM:

    See the module documentation. `|V(G)| \le 255` (the DP keeps fiber
    sizes in bytes; ``"auto"`` goes beyond when there are few
    homomorphisms); `H` may be larger when its twin classes allow it.

    A count whose states are bound to outgrow the memory budget, even
    shared out in shards, is refused within its first steps
    (:class:`~sage_hcsf.errors.StatesOutOfReach`, a
    :class:`~sage_hcsf.errors.MemoryBudgetExceeded` that says it rests on
    an estimate, and which budget would let it try).

    EXAMPLES:

    The worked example of the package: `P_3` and `K_2 + K_1` have the same
    fiber-type counts into themselves::

        sage: from sage_hcsf import fiber_type_counts
        sage: P3 = graphs.PathGraph(3)
        sage: K2K1 = graphs.CompleteGraph(2).disjoint_union(Graph(1))
        sage: fiber_type_counts(P3, P3)
        {[1, 1, 1]: 2, [2, 1]: 4}
        sage: fiber_type_counts(K2K1, K2K1)
        {[1, 1, 1]: 2, [2, 1]: 4}

    Counts are exact integers, beyond 64 bits::

        sage: star = graphs.StarGraph(20)
        sage: sum(fiber_type_counts(star, star).values()) == 20^20 + 20
        True

    Loops in ``H``; a loop in ``G``::

        sage: looped_K1 = Graph([(0, 0)], loops=True)
        sage: fiber_type_counts(graphs.PetersenGraph(), looped_K1)
        {[10]: 1}
        sage: fiber_type_counts(Graph([(0, 0)], loops=True), graphs.CompleteGraph(3))
        {}

    Targets beyond 255 vertices with large twin classes::

        sage: fiber_type_counts(P3, graphs.CompleteGraph(300))
        {[1, 1, 1]: 26730600, [2, 1]: 89700}

    A long call shows a progress bar after two seconds (in a terminal or
    a notebook, or with ``progress=True``): the step of the DP (vertex `k`
    of `n` of its vertex order) and its states; a short one stays silent::

        sage: fiber_type_counts(graphs.CycleGraph(6), graphs.CompleteGraph(3), progress=True)
        {[2, 2, 2]: 24, [3, 2, 1]: 36, [3, 3]: 6}

    A count that cannot fit is refused at once, on an estimate::

        sage: fiber_type_counts(graphs.Grid2dGraph(8, 8), graphs.PetersenGraph())
        Traceback (most recent call last):
        ...
        StatesOutOfReach: the dynamic programme would need about ... states at step ... of 64 (an estimate: ...), about ..., more than 256 shards of its memory budget of 2.0 GB hold; to try anyway, raise the budget to ... or more with sage_hcsf.memory_budget(bytes) or the argument memory_budget=

    TESTS::

        sage: fiber_type_counts(Graph(), graphs.PathGraph(2))
        {[]: 1}
        sage: fiber_type_counts(graphs.CycleGraph(5), graphs.CompleteGraph(3), algorithm="enumerate")
        {[2, 2, 1]: 30}
        sage: fiber_type_counts(Graph(1), Graph(), algorithm="dp")
        {}
        sage: fiber_type_counts(graphs.CompleteGraph(11), graphs.CompleteGraph(10))
        {}
        sage: fiber_type_counts(Graph(1), Graph(1), algorithm="fast")
        Traceback (most recent call last):
        ...
        ValueError: algorithm must be one of 'auto', 'dp', 'dp1', 'enumerate'; got 'fast'
        sage: fiber_type_counts(Graph(1), Graph(1), memory_budget=0)
        Traceback (most recent call last):
        ...
        ValueError: memory_budget must be a number of bytes: ...; got 0
        sage: fiber_type_counts(Graph(1), Graph(1), progress="yes")
        Traceback (most recent call last):
        ...
        TypeError: progress must be True, False or None (shown in a terminal or a notebook); got 'yes' (str)
    """
    state_budget = deprecated_state_budget("fiber_type_counts", deprecated)
    G, H, chosen, budget = counting_arguments(G, H, algorithm, memory_budget, state_budget)
    with watching(progress):
        if not G.order():
            counts = {(): 1}
        elif not H.order():
            counts = {}
        else:
            counts = _within_kernel_limits(G.order(), H,
                                           lambda target: chosen.fiber_types(G, target, budget))
    return {partition_from_tuple(la): Integer(c) for la, c in sorted(counts.items()) if c}


def count_homomorphisms(G, H, algorithm="auto", *, memory_budget=None, progress=None,
                        **deprecated):
    r"""
    Return the number of homomorphisms from ``G`` to ``H``.

    .. MATH::

        \hom(G, H) = \#\{\phi: V(G) \to V(H) : uv \in E(G) \Rightarrow
        \phi(u)\phi(v) \in E(H)\} = \sum_\lambda N_\lambda(G, H).

    INPUT:

    - ``G``, ``H`` -- graphs in any accepted form (``H`` may have loops)
    - ``algorithm`` -- ``"auto"`` (default: a closed form where one
      applies, else the DP with scalar states), ``"dp"`` or ``"enumerate"``
      (or any name in :data:`ENGINES`)
    - ``memory_budget``, ``progress``, ``state_budget`` -- as in
      :func:`fiber_type_counts`

    OUTPUT: an :class:`Integer`

    The closed walks of length 4 in `K_{2,4}` number
    `\mathrm{tr}(A^4) = 2 \cdot \sqrt{8}^4 = 128`, and `\hom(P, K_3)` is
    the chromatic polynomial of the Petersen graph at 3.

    ALGORITHM:

    The product over the connected components of `G` (an isolated vertex
    has `|V(H)|` images, or as many as `H` has loops if it has a loop); for
    each, a closed form where one applies (a tree: the tree recursion, in
    `|V(G)|` times `|V(H)|` plus the degrees of `H` additions; a complete
    `H`: the chromatic polynomial; see
    :mod:`~sage_hcsf.fiber_types.closed_forms`), else the engine: the DP of
    :mod:`sage_hcsf.kernels.fiber_dp` without fiber vectors (a state is the
    tuple of images of the frontier, folded by the twin classes of `H`; no
    limit on `|V(G)|`), or the enumeration.

    EXAMPLES::

        sage: from sage_hcsf import count_homomorphisms
        sage: count_homomorphisms(graphs.PetersenGraph(), graphs.CompleteGraph(3))
        120
        sage: count_homomorphisms(graphs.StarGraph(40), graphs.StarGraph(40)) == 40^40 + 40
        True
        sage: count_homomorphisms(graphs.CycleGraph(4), graphs.CompleteBipartiteGraph(2, 4),
        ....:                     algorithm="enumerate")
        128

    Large graphs: components multiply, and large twin classes are
    interpolated::

        sage: count_homomorphisms(graphs.PathGraph(256), graphs.CompleteGraph(2))
        2
        sage: count_homomorphisms(graphs.PathGraph(3), graphs.CompleteGraph(300)) == 300 * 299^2
        True
        sage: count_homomorphisms(Graph(1000), graphs.PathGraph(3)) == 3^1000
        True
        sage: count_homomorphisms(graphs.CompleteGraph(60), graphs.CompleteGraph(70)) == factorial(70) / factorial(10)
        True

    Trees of any pathwidth, into any target: the walks of length 299 in
    `P_{300}`, and the binary tree on 63 vertices into itself::

        sage: walks = [1] * 300     # walks of length k ending at each vertex, k = 0, 1, ...
        sage: for k in range(299):
        ....:     walks = [(walks[i - 1] if i else 0) + (walks[i + 1] if i < 299 else 0) for i in range(300)]
        sage: count_homomorphisms(graphs.PathGraph(300), graphs.PathGraph(300)) == sum(walks)
        True
        sage: B = graphs.BalancedTree(2, 5)
        sage: count_homomorphisms(B, B)
        124836075545326018346740257024


    A small `G` into a large sparse `H` is enumerated (the DP takes targets
    on at most 255 vertices); where there are too many homomorphisms for
    the enumeration, one error says what stopped each engine::

        sage: count_homomorphisms(graphs.PathGraph(3), graphs.PathGraph(300))
        1194
        sage: from sage_hcsf import enumeration_limit
        sage: old = enumeration_limit(10^5)
        sage: count_homomorphisms(graphs.CycleGraph(300), graphs.CycleGraph(300))
        Traceback (most recent call last):
        ...
        KernelLimitExceeded: hom(G, H) is out of reach for G on 300 vertices and H on 300: the DP engine cannot (... at most 255 vertices; got |V(H)| = 300), the enumeration engine cannot (...)...
        sage: _ = enumeration_limit(old)
    """
    state_budget = deprecated_state_budget("count_homomorphisms", deprecated)
    G, H, chosen, budget = counting_arguments(G, H, algorithm, memory_budget, state_budget)
    with watching(progress):
        return _count_homomorphisms(G, H, chosen, budget)


def _count_homomorphisms(G, H, chosen, budget):
    r"""
    Return what :func:`count_homomorphisms` does for ``G`` and ``H`` as
    :class:`~sage_hcsf.graphs.graph_data.GraphData`, the :class:`~sage_hcsf.fiber_types.engines.Engine`
    ``chosen`` and the budget in bytes.

    EXAMPLES::

        sage: from sage_hcsf.fiber_types.counts import _count_homomorphisms
        sage: from sage_hcsf.fiber_types.engines import ENGINES
        sage: from sage_hcsf.graphs.graph_data import as_graph_data
        sage: K3 = as_graph_data(graphs.CompleteGraph(3))
        sage: _count_homomorphisms(as_graph_data(graphs.CycleGraph(5)), K3, ENGINES["dp"], 10**6)
        30
    """
    number = 1
    for component in _components(G):
        if not number:
            break
        known = closed_form_homomorphisms(component, H) if chosen.name == "auto" else None
        if known is not None:   # a tree, or into a complete graph: see closed_forms
            number *= known
        elif component.order() == 1:
            number *= sum(H.loops) if component.loops[0] else H.order()
        else:
            number *= _within_kernel_limits(
                component.order(), H,
                lambda target: chosen.homomorphisms(component, target, budget))
    return Integer(number)
