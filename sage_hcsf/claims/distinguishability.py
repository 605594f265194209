r"""
Claims 1-5: what the self-chromatic symmetric function distinguishes

Self-CSFs are compared through their fiber-type counts: the augmented
monomials are a basis, so `X_G^G = X_{G'}^{G'}` exactly when the counts
agree. The tutorial ``doctests/distinguishability.rst`` walks through
these claims.

REFERENCES:

.. [PL2025] \L. Pierson, S. Y. Lin, *Distinguishability and linear
   independence for H-chromatic symmetric functions*, arXiv:2511.08665.

EXAMPLES::

    sage: from sage_hcsf.claims.distinguishability import check_trees_vs_non_trees
    sage: result = check_trees_vs_non_trees(5, progress=False)
    sage: result.verdict
    'reproduced: exactly one exception'
    sage: [f["description"] for f in result.findings[0]["graphs"]]
    ['forest, 3 vertices, 1 edges, degrees [1, 1, 0]', 'tree, 3 vertices, 2 edges, degrees [2, 1, 1]']
"""
from sage.graphs.graph import Graph
from sage.graphs.graph_generators import graphs

from sage_hcsf.claims.registry import ClaimResult, claim, counts_key, describe
from sage_hcsf.graphs.families import spiders
from sage_hcsf.certify.runs import certify_self_csf
from sage_hcsf.certify.trees_apart import trees_apart
from sage_hcsf.certify.batch import self_fiber_counts
from sage_hcsf.certify.enumeration import graph6_order

# claim 1 records every class of equal self-CSF among the graphs up to this order (above,
# only the classes that hold a tree: sage_hcsf.certify.trees_apart)
ALL_CLASSES_UP_TO = 9


def self_csf_classes(graph_list, processes=None, progress=False, description="self-CSF"):
    r"""
    Group graphs by self-CSF; return the classes with at least two graphs
    and the number of graphs.

    INPUT:

    - ``graph_list`` -- graphs
    - ``processes`` -- worker processes of the sweep (default: all cores)
    - ``progress`` -- show a progress bar labelled ``description``

    EXAMPLES::

        sage: from sage_hcsf.claims.distinguishability import self_csf_classes
        sage: classes, total = self_csf_classes(list(graphs(3)), processes=1)
        sage: total, [[G.size() for G in c] for c in classes]
        (4, [[1, 2]])
    """
    graph_list = [Graph(G) for G in graph_list]
    strings = [G.graph6_string() for G in graph_list]
    counts = self_fiber_counts(strings, processes=processes, progress=progress,
                               description=description) if strings else {}
    groups = {}
    for G, g6 in zip(graph_list, strings):
        groups.setdefault((G.order(), counts_key(counts[g6])), []).append(G)
    return [c for c in groups.values() if len(c) > 1], len(graph_list)


def is_the_exception(graph_class):
    r"""
    Return whether a class of graphs is exactly `\{P_3, K_2 + K_1\}`.

    EXAMPLES::

        sage: from sage_hcsf.claims.distinguishability import is_the_exception
        sage: is_the_exception([graphs.PathGraph(3), graphs.CompleteGraph(3)])
        False
        sage: is_the_exception([Graph([[0, 1, 2], [(1, 2)]]), graphs.StarGraph(2)])
        True
    """
    K2K1 = Graph([[0, 1, 2], [(0, 1)]], format="vertices_and_edges")
    expected = {graphs.PathGraph(3).canonical_label().graph6_string(),
                K2K1.canonical_label().graph6_string()}
    return (len(graph_class) == 2 and
            {Graph(G).canonical_label().graph6_string() for G in graph_class} == expected)


def draw_coincidences(result, axes):
    r"""
    Draw the number of self-CSF coincidence classes by number of vertices
    (claim 1) on a log scale, each bar labelled with its count; an order
    without a class shows ``0`` (no bar on a log scale).

    EXAMPLES::

        sage: from sage_hcsf.claims.distinguishability import (check_trees_vs_non_trees,
        ....:                                                  draw_coincidences)
        sage: from matplotlib import pyplot
        sage: figure, axes = pyplot.subplots()
        sage: draw_coincidences(check_trees_vs_non_trees(6, progress=False), axes)
        sage: axes.get_yscale(), axes.get_title()
        ('log', 'Self-CSF coincidences among all graphs')
        sage: [n for n, text in sorted((t.xy[0], t.get_text()) for t in axes.texts) if text == "0"]
        [1, 2, 4, 5]
        sage: pyplot.close(figure)
    """
    by_n = result.details["coincidence classes by n"]
    found = {n: count for n, count in by_n.items() if count}
    bars = axes.bar(list(found), list(found.values()))
    axes.bar_label(bars)
    for n, count in by_n.items():
        if not count:
            axes.annotate("0", (n, 0.5), xytext=(0, 3), textcoords="offset points",
                          ha="center", va="bottom")
    axes.set_yscale("log")
    axes.set_ylim(0.5, 2 * max(found.values(), default=1))
    axes.set_xticks(list(by_n))
    axes.set_xlabel("number of vertices n")
    axes.set_ylabel("classes of graphs with equal self-CSF")
    axes.set_title("Self-CSF coincidences among all graphs")


def certified_classes(kind, max_n, claim_number, processes=None, progress=True, store=None,
                      executor=None, memory_budget=None):
    r"""
    Return the :class:`~sage_hcsf.certify.report.CertificationReport` of
    the certified sweep of claims 1-3 over the family ``kind``
    (``"graphs"``, ``"forests"`` or ``"trees"``) on at most ``max_n``
    vertices, recorded in the store as the claim's.

    The sweep (:func:`~sage_hcsf.certify.runs.certify_self_csf`) computes a
    cheap certificate of the self-CSF for every graph, then the rest of the
    ladder only for the graphs that still collide, the full fiber-type
    counts last: its classes of equal self-CSF are exact, and the pairs
    whose full counts exceed ``memory_budget`` are undecided.

    EXAMPLES::

        sage: from sage_hcsf.claims.distinguishability import certified_classes
        sage: report = certified_classes("graphs", 6, 1, processes=1, progress=False)
        sage: [sorted(c) for c in report.equal_classes()]
        [['BG', 'BW'], ['EJmw', 'Ejmw']]
        sage: report.undecided_pairs()
        []
    """
    return certify_self_csf(kind, max_n, store=store, executor=executor, processes=processes,
                            progress=progress, memory_budget=memory_budget,
                            command=f"reproduce: claim {claim_number}, {kind} on <= {max_n} "
                                    "vertices")


def _exceptions_claim(report, split, published, name, max_n, beyond=()):
    r"""
    Return the :class:`ClaimResult` of claims 1 and 2 from the certified
    ``report``: the classes of equal self-CSF that ``split`` (a function
    of a class of graph6 strings) says break the claim must be exactly the
    one of `P_3` and `K_2 + K_1`; an undecided pair that ``split`` picks
    leaves the claim undecided. ``beyond`` holds the
    :class:`~sage_hcsf.certify.trees_apart.TreesApart` of the orders above
    the report's (claim 1): their classes of a tree and a non-tree are
    exceptions too.

    EXAMPLES::

        sage: from sage_hcsf.claims.distinguishability import (certified_classes,
        ....:                                                  _exceptions_claim)
        sage: report = certified_classes("graphs", 6, 1, processes=1, progress=False)
        sage: r = _exceptions_claim(report, lambda c: len(c) > 1, "all graphs", "graphs", 6)
        sage: r.verdict, r.checked
        ('CONTRADICTED: 2 exception classes', 'all 208 graphs on <= 6 vertices (certified)')
    """
    classes = report.equal_classes()
    exceptions = [c for c in classes if split(c)] + [c for r in beyond for c in r.exceptions]
    undecided = ([p for p in report.undecided_pairs() if split(p["graphs"])] +
                 [u for r in beyond for u in r.undecided])
    one = len(exceptions) == 1 and is_the_exception(exceptions[0])
    # exactly the published exception, or none yet and a graph on 3 vertices undecided
    possible = one or (not exceptions and any(graph6_order(g) == 3 for u in undecided
                                              for g in u["graphs"]))
    verdict = ("reproduced: exactly one exception" if one and not undecided else
               f"undecided: {_undecided_count(undecided)} beyond the budget" if possible else
               f"CONTRADICTED: {len(exceptions)} exception classes")
    total = sum(v["graphs"] for v in report.verdicts.values()) + sum(r.graphs for r in beyond)
    by_n = {n: len(v.equal) for n, v in sorted(report.verdicts.items())}
    how = "certified"
    details = {"coincidences": [sorted(c) for c in classes], "coincidence classes by n": by_n}
    if beyond:
        orders = ", ".join(str(r.n) for r in beyond)
        how += (f"; on {orders} vertices the classes that hold a tree, by I_2, the "
                "endomorphisms with a two-vertex image")
        details["classes with a tree by I_2"] = {r.n: f"{r!r} ({r.seconds} s)" for r in beyond}
    return ClaimResult(published, f"all {total} {name} on <= {max_n} vertices ({how})",
                       verdict, [{"graphs": [describe(g6) for g6 in c]} for c in exceptions] +
                       [{"undecided": [describe(g6) for g6 in p["graphs"]], "reason": p["reason"]}
                        for p in undecided],
                       details=details, passed=one, decided=not undecided)


def _undecided_count(undecided):
    r"""
    Return how many pairs (of the certified sweep) and graphs (of
    :func:`~sage_hcsf.certify.trees_apart.trees_apart`) are undecided, in
    words.

    EXAMPLES::

        sage: from sage_hcsf.claims.distinguishability import _undecided_count
        sage: _undecided_count([{"graphs": ["BW", "BG"]}, {"graphs": ["BW"]}, {"graphs": ["BG"]}])
        '1 pair and 2 graphs'
    """
    pairs = sum(len(u["graphs"]) == 2 for u in undecided)
    graphs = len(undecided) - pairs
    words = [f"{k} {noun}{'s' if k > 1 else ''}" for k, noun in ((pairs, "pair"), (graphs, "graph"))
             if k]
    return " and ".join(words)


@claim(1, "self-CSF distinguishes trees from non-trees, exactly one exception",
       figures=[("self_csf_coincidences.png", draw_coincidences)], sweep="graphs", reach=11,
       sweep_reach=ALL_CLASSES_UP_TO, settings={"db": "store", "executor": "executor"})
def check_trees_vs_non_trees(max_n=8, progress=True, processes=None, store=None, executor=None,
                             memory_budget=None):
    r"""
    Claim 1 [PL2025]_: the self-CSF distinguishes trees from non-trees with
    exactly one exception (`P_3` and `K_2 + K_1`).

    Checked on all graphs on at most ``max_n`` vertices (at most 11:
    12,005,168 graphs on 10, 1,018,997,864 on 11). Up to
    :data:`ALL_CLASSES_UP_TO` vertices by a certified sweep (see :func:`certified_classes`; ``store``,
    ``executor``, ``memory_budget`` as there), which also records every
    self-CSF coincidence among these graphs (``details["coincidences"]``,
    graph6 strings, new data); above, by
    :func:`~sage_hcsf.certify.trees_apart.trees_apart`, which finds the
    classes that hold a tree with one certificate of every graph (`I_2`,
    the endomorphisms with a two-vertex image: seconds for the graphs on
    10 vertices, minutes for those on 11).

    EXAMPLES::

        sage: from sage_hcsf.claims.distinguishability import check_trees_vs_non_trees
        sage: r = check_trees_vs_non_trees(6, progress=False, processes=1)
        sage: r.verdict, r.details["coincidence classes by n"]
        ('reproduced: exactly one exception', {1: 0, 2: 0, 3: 1, 4: 0, 5: 0, 6: 1})

    The same classes as the full fiber-type counts of every graph give::

        sage: from sage_hcsf.claims.distinguishability import self_csf_classes
        sage: from sage_hcsf.graphs.families import graphs_up_to
        sage: def canonical(classes):
        ....:     return sorted(sorted(Graph(G).canonical_label().graph6_string() for G in c)
        ....:                   for c in classes)
        sage: r = check_trees_vs_non_trees(7, progress=False, processes=1)
        sage: classes, total = self_csf_classes(graphs_up_to(7), processes=1)
        sage: canonical(classes) == canonical(r.details["coincidences"]), len(classes), total
        (True, 23, 1252)
    """
    report = certified_classes("graphs", min(max_n, ALL_CLASSES_UP_TO), 1, processes, progress,
                               store, executor, memory_budget)
    beyond = [trees_apart(n, executor, processes, progress, memory_budget)
              for n in range(ALL_CLASSES_UP_TO + 1, max_n + 1)]

    def split(graph_class):
        return len({Graph(g6).is_tree() for g6 in graph_class}) > 1
    return _exceptions_claim(report, split, "all graphs, exactly one exception", "graphs", max_n,
                             beyond)


@claim(2, "self-CSF detects the number of components of a forest, one exception",
       defaults={"max_n": 12}, sweep="forests", reach=14,
       settings={"db": "store", "executor": "executor"})
def check_forest_components(max_n=10, progress=True, processes=None, store=None, executor=None,
                            memory_budget=None):
    r"""
    Claim 2 [PL2025]_: the self-CSF of a forest determines its number of
    components, with exactly one exception (`P_3` and `K_2 + K_1`).

    Checked on all forests on at most ``max_n`` vertices (at most 14) by a
    certified sweep (see :func:`certified_classes`).

    EXAMPLES::

        sage: from sage_hcsf.claims.distinguishability import check_forest_components
        sage: r = check_forest_components(8, progress=False, processes=1)
        sage: r.verdict, r.checked
        ('reproduced: exactly one exception', 'all 155 forests on <= 8 vertices (certified)')
    """
    report = certified_classes("forests", max_n, 2, processes, progress, store, executor,
                               memory_budget)

    def split(graph_class):
        return len({Graph(g6).connected_components_number() for g6 in graph_class}) > 1
    return _exceptions_claim(report, split, "all forests, exactly one exception", "forests",
                             max_n)


@claim(3, "self-CSF distinguishes all trees", defaults={"max_n": 18}, sweep="trees", reach=32,
       settings={"db": "store", "executor": "executor"})
def check_trees_distinguished(max_n=12, progress=True, processes=None, store=None,
                              executor=None, memory_budget=None):
    r"""
    Claim 3 [PL2025]_, conjecture of [EFHKY2022]_: the self-CSF
    distinguishes all trees (published: up to 12 vertices).

    A certified sweep (:func:`certified_classes`): `\hom(T, T)` residues
    for every tree, then the rest of the certificate ladder
    (:data:`~sage_hcsf.certify.ladder.CERTIFICATES`: `|\mathrm{Aut}(T)|`,
    the layers of the self-CSF, the full counts last) only for the trees
    that still collide.

    INPUT:

    - ``max_n`` -- check all trees with at most this many vertices
    - ``processes`` -- worker processes (default: all cores)
    - ``store`` -- a :class:`~sage_hcsf.store.ResultStore` or the path of
      one, to resume from and store into (default: none kept)
    - ``executor`` -- an executor of :mod:`sage_hcsf.parallel` or its
      description (default: the local process pool)
    - ``memory_budget`` -- bytes, the budget of each full count (default:
      :func:`~sage_hcsf.settings.memory_budget`); pairs beyond it are
      undecided

    EXAMPLES::

        sage: from sage_hcsf.claims.distinguishability import check_trees_distinguished
        sage: r = check_trees_distinguished(14, progress=False, processes=1)
        sage: r.verdict, r.checked
        ('holds', 'all 5447 trees on <= 14 vertices (certified)')
        sage: r.details["separated by"]
        {'fiber-type counts': 0, '|Aut(G)|': 1}
    """
    report = certified_classes("trees", max_n, 3, processes, progress, store, executor,
                               memory_budget)
    equal, undecided = report.equal_classes(), report.undecided_pairs()
    separated_by = {"|Aut(G)|": 0, "fiber-type counts": 0}
    for verdict in report.verdicts.values():
        for invariant, count in verdict["separated by"].items():
            if count:
                separated_by[invariant] = separated_by.get(invariant, 0) + count
    verdict = ("CONTRADICTED: trees with equal self-CSF" if equal else
               f"undecided: {len(undecided)} pair{'s' if len(undecided) > 1 else ''} beyond "
               "the budget" if undecided else "holds")
    total = sum(v["graphs"] for v in report.verdicts.values())
    return ClaimResult("all trees on <= 12 vertices",
                       f"all {total} trees on <= {max_n} vertices (certified)", verdict,
                       [{"graphs": [describe(g6) for g6 in c]} for c in equal] +
                       [{"undecided": [describe(g6) for g6 in p["graphs"]], "reason": p["reason"]}
                        for p in undecided],
                       details={"trees by n": {n: v["graphs"] for n, v in report.verdicts.items()},
                                "separated by": separated_by,
                                "verdicts": {n: v.as_dict() for n, v in report.verdicts.items()}},
                       passed=not equal, decided=not undecided)


@claim(4, "self-CSF determines the number of legs of a spider", defaults={"max_n": 30},
       reach=40)
def check_spider_legs(max_n=14, progress=True, processes=None, memory_budget=None):
    r"""
    Claim 4 [PL2025]_: the self-CSF of a spider determines its number of
    legs.

    Spiders of one order with different numbers of legs are the pairs to
    separate, down the certificate ladder
    (:func:`~sage_hcsf.certify.runs.ladder_classes`): a rung is computed only
    for the spiders that still collide with one of a different number of
    legs, the full counts last.

    EXAMPLES::

        sage: from sage_hcsf.claims.distinguishability import check_spider_legs
        sage: r = check_spider_legs(12, progress=False, processes=1)
        sage: r.verdict, r.checked
        ('holds', 'all 153 spiders on <= 12 vertices')
        sage: r.details["pairs left after"]["fiber-type counts"]
        0
    """
    groups = [[S.graph6_string() for S in spiders(n)] for n in range(4, max_n + 1)]
    legs = {g6: max(Graph(g6).degree()) for group in groups for g6 in group}
    return _ladder_claim(groups, lambda c: len({legs[g] for g in c}) > 1, "spiders",
                         max_n, progress, processes, memory_budget=memory_budget)


def _ladder_claim(groups, relevant, name, max_n, progress, processes, total=None,
                  memory_budget=None):
    r"""
    Return the :class:`ClaimResult` of claims 4 and 5: ``groups`` of graph6
    strings in which the graphs that ``relevant`` picks must be told apart
    (``total``: the graphs checked, if more than those in ``groups``); the
    pairs whose full counts exceed ``memory_budget`` leave the claim
    undecided.

    EXAMPLES::

        sage: from sage_hcsf.claims.distinguishability import _ladder_claim
        sage: _ladder_claim([["Bw", "Bw"]], lambda c: False, "triangles", 3, False, 1).verdict
        'holds'
        sage: r = _ladder_claim([["Bg", "BW"]], lambda c: True, "paths", 3, False, 1,
        ....:                   memory_budget=10)
        sage: r.verdict, r.status, r.findings[0]["reason"]
        ('undecided: 1 pair beyond the budget', 'undecided', 'the dynamic programme needs ...')
    """
    from sage_hcsf.certify.runs import ladder_classes
    found = ladder_classes(groups, relevant, processes=processes, progress=progress,
                           description=name, memory_budget=memory_budget)
    total = sum(len(g) for g in groups) if total is None else total
    left = sum(found.separated.values()) + len(found.undecided) + \
        sum(len(c) * (len(c) - 1) // 2 for c in found.classes)
    after = {}
    for rung, pairs in found.separated.items():
        left -= pairs
        after[rung] = left
    undecided = len(found.undecided)
    verdict = ("CONTRADICTED" if found.classes else
               f"undecided: {undecided} pair{'s' if undecided > 1 else ''} beyond the budget"
               if undecided else "holds")
    return ClaimResult(f"all {name}", f"all {total} {name} on <= {max_n} vertices", verdict,
                       [{"graphs": [describe(g6) for g6 in c]} for c in found.classes] +
                       [{"undecided": [describe(g6) for g6 in p["graphs"]],
                         "reason": p["reason"]} for p in found.undecided],
                       details={"pairs left after": after}, passed=not found.classes,
                       decided=not found.undecided)


@claim(5, "given the spine length, self-CSF determines a caterpillar's degrees",
       defaults={"max_n": 22}, reach=24)
def check_caterpillar_degrees(max_n=14, progress=True, processes=None, memory_budget=None):
    r"""
    Claim 5 [PL2025]_: given its spine length, the self-CSF of a caterpillar
    determines its degree sequence.

    Caterpillars of one order and spine length with different degree
    sequences are the pairs to separate, down the certificate ladder (as
    for claim 4). The first rung, `\hom(C, C) \bmod 2^{64}`, runs on all
    caterpillars at once in the tree kernel, from their parent arrays (no
    Sage graph is built); the later rungs on the caterpillars that collide.

    EXAMPLES::

        sage: from sage_hcsf.claims.distinguishability import check_caterpillar_degrees
        sage: r = check_caterpillar_degrees(12, progress=False, processes=1)
        sage: r.verdict, r.checked
        ('holds', 'all 558 caterpillars on <= 12 vertices')
    """
    import numpy
    from sage_hcsf.graphs.families import caterpillar, leaf_sequences
    from sage_hcsf.kernels.tree_homs import tree_endomorphisms_mod64
    from tqdm import tqdm
    lines, found = [], []
    for n in tqdm(range(3, max_n + 1), desc="caterpillars: parent arrays", unit="order",
                  disable=not progress):
        for spine in range(1, n - 1):
            seen = set()
            for sequence in leaf_sequences(n - spine, spine):
                canonical = max(sequence, sequence[::-1])   # read from either end
                if canonical in seen:
                    continue
                seen.add(canonical)
                found.append((n, spine, canonical))
                lines.append(" ".join(map(str, [0] + list(range(1, spine)) +
                                          [i + 1 for i, a in enumerate(canonical)
                                           for _ in range(a)])))
    keys = numpy.frombuffer(tree_endomorphisms_mod64(("\n".join(lines) + "\n").encode()), "<u8")
    buckets = {}
    for (n, spine, canonical), key in zip(found, keys.tolist()):
        buckets.setdefault((n, spine, key), []).append(canonical)

    def degrees(canonical):
        s = len(canonical)
        spine = [a + (0 if s == 1 else 1 if i in (0, s - 1) else 2)
                 for i, a in enumerate(canonical)]
        return tuple(sorted(spine + [1] * sum(canonical)))

    groups, degree = [], {}
    for members in buckets.values():
        if len({degrees(c) for c in members}) > 1:
            group = []
            for c in members:
                g6 = caterpillar(list(c)).graph6_string()
                degree[g6] = degrees(c)
                group.append(g6)
            groups.append(group)
    return _ladder_claim(groups, lambda c: len({degree[g] for g in c}) > 1, "caterpillars",
                         max_n, progress, processes, total=len(found),
                         memory_budget=memory_budget)
