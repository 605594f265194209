r"""
Claims 7-10: bases of the symmetric functions made of H-CSFs

Whether a family `\{X_G^H\}` is a basis of `\Lambda^n` is linear algebra
on fiber-type counts (:mod:`sage_hcsf.symmetric_functions.spans`). The tutorial
``doctests/bases.rst`` walks through these claims.

EXAMPLES::

    sage: from sage_hcsf.claims.bases import check_realisations
    sage: check_realisations(4, progress=False).verdict
    'holds'
"""
from math import factorial

from tqdm import tqdm

from sage.combinat.partition import Partitions
from sage.graphs.graph import Graph
from sage.graphs.graph_generators import graphs

from sage_hcsf.claims.registry import ClaimResult, claim, describe
from sage_hcsf.graphs.families import all_graphs, complete_multipartite, looped_graphs
from sage_hcsf.fiber_types.counts import fiber_type_counts
from sage_hcsf.symmetric_functions.spans import fiber_matrix, find_basis, is_basis, span_dimension
from sage_hcsf.symmetric_functions.h_chromatic import h_chromatic_symmetric_function


@claim(7, "self-CSFs of complete multipartite graphs form a basis", reach=16)
def check_complete_multipartite_basis(max_n=12, progress=True, memory_budget=None):
    r"""
    Claim 7 [PL2025]_: the self-CSFs of the complete multipartite graphs
    `K_\lambda`, `\lambda \vdash n`, form a basis of `\Lambda^n`.

    An order with a `K_\lambda` whose count needs more than
    ``memory_budget`` (default: :func:`~sage_hcsf.settings.memory_budget`)
    is undecided.

    EXAMPLES::

        sage: from sage_hcsf.claims.bases import check_complete_multipartite_basis
        sage: r = check_complete_multipartite_basis(6, progress=False)
        sage: r.verdict, r.details["rank by n"]
        ('holds', {1: [1, 1], 2: [2, 2], 3: [3, 3], 4: [5, 5], 5: [7, 7], 6: [11, 11]})
        sage: r = check_complete_multipartite_basis(3, progress=False, memory_budget=100)
        sage: r.verdict, r.status, r.findings[-1]["reason"]
        ('undecided at n = [1, 2, 3]', 'undecided', 'the fiber types of G -> H are out of reach ...')
    """
    from sage_hcsf.errors import MemoryBudgetExceeded
    ranks, undecided = {}, []
    for n in tqdm(range(1, max_n + 1), desc="K_lambda", disable=not progress):
        try:
            M = fiber_matrix([complete_multipartite(la) for la in Partitions(n)],
                             memory_budget=memory_budget)
        except MemoryBudgetExceeded as error:
            undecided.append({"n": n, "reason": str(error)})
            continue
        ranks[n] = [M.rank(), M.nrows()]
    bad = [n for n, (r, p) in ranks.items() if r != p]
    verdict = (f"CONTRADICTED at n = {bad}" if bad else
               f"undecided at n = {[u['n'] for u in undecided]}" if undecided else "holds")
    return ClaimResult("all n (computed: n <= 7)", f"n <= {max_n}", verdict,
                       [{"n": n} for n in bad] + undecided, details={"rank by n": ranks},
                       passed=not bad, decided=not undecided)


def default_fixed_targets(m=6):
    r"""
    Return the non-complete targets used for claim 8: `K_m` minus an edge,
    the Petersen graph and the `m`-cycle with a loop at every vertex
    (``m`` at least 3; a basis of `\Lambda^n` needs `n \le |V(H)|`).

    EXAMPLES::

        sage: from sage_hcsf.claims.bases import default_fixed_targets
        sage: [(name, H.order()) for name, H in default_fixed_targets()]
        [('K6 minus an edge', 6), ('Petersen', 10), ('C6 with all loops', 6)]
        sage: [name for name, _ in default_fixed_targets(8)]
        ['K8 minus an edge', 'Petersen', 'C8 with all loops']
    """
    Km = graphs.CompleteGraph(m)
    Km.delete_edge(0, 1)
    Cm = Graph(graphs.CycleGraph(m), loops=True)
    for v in range(m):
        Cm.add_edge(v, v)
    return [(f"K{m} minus an edge", Km), ("Petersen", graphs.PetersenGraph()),
            (f"C{m} with all loops", Cm)]


@claim(8, "for fixed non-complete H some families X_G^H are bases", reach=8)
def check_fixed_target_bases(max_n=6, targets=None, progress=True):
    r"""
    Claim 8 [PL2025]_: for a fixed non-complete `H`, some families
    `\{X_G^H\}` are bases of `\Lambda^n`. Searches all graphs on `n`
    vertices with :func:`find_basis` and confirms with :func:`is_basis`.
    A basis needs `|V(H)| \ge n`, since a fiber type has at most `|V(H)|`
    parts (`\widetilde m_{1^n}` is reached only by injective maps): the
    default targets (:func:`default_fixed_targets`) grow with ``max_n``
    (at most 8: 12,346 graphs on 8 vertices).

    EXAMPLES::

        sage: from sage_hcsf.claims.bases import check_fixed_target_bases
        sage: r = check_fixed_target_bases(4, progress=False)
        sage: r.verdict, r.details["found"]
        ('holds: bases found for 3 non-complete targets, every n <= 4',
         {'C6 with all loops': [1, 2, 3, 4],
          'K6 minus an edge': [1, 2, 3, 4],
          'Petersen': [1, 2, 3, 4]})
    """
    targets = default_fixed_targets(max(6, max_n)) if targets is None else targets
    found, findings = {}, []
    for name, H in tqdm(targets, desc="targets", disable=not progress):
        found[name] = []
        for n in range(1, max_n + 1):
            basis = find_basis(H, n)
            if basis is not None and is_basis(basis, H):
                found[name].append(n)
                findings.append({"H": name, "n": n, "basis": [G.graph6_string() for G in basis]})
    complete = [name for name, ns in found.items() if ns == list(range(1, max_n + 1))]
    ok = len(complete) >= 2
    return ClaimResult("a construction exists", f"{len(targets)} targets, n <= {max_n}",
                       f"holds: bases found for {len(complete)} non-complete targets, every n <= {max_n}"
                       if ok else "NOT FOUND for two targets", findings,
                       details={"found": found}, passed=ok)


@claim(9, "for fixed G the X_G^H (H with loops) generally do not span")
def check_fixed_graph_span(n=4, progress=True):
    r"""
    Claim 9 [PL2025]_: for a fixed `G`, the `X_G^H` over all `H` (loops
    allowed) generally do not span `\Lambda^n`. Computes the dimension of
    the span over all looped `H` on at most `n` vertices, for every `G` on
    `n` vertices (a fiber type has at most `|V(H)|` parts, so larger `H`
    only add the dimension a complete `K_N` adds).

    EXAMPLES::

        sage: from sage_hcsf.claims.bases import check_fixed_graph_span
        sage: r = check_fixed_graph_span(4, progress=False)
        sage: r.verdict, r.details["edgeless"]
        ('reproduced: edgeless G spans 4 < p(4) = 5 dimensions; 1 of 11 graphs on 4 vertices do not span',
         [4, 4])
    """
    targets = list(looped_graphs(n))
    dims = {}
    p = Partitions(n).cardinality()
    for G in tqdm(list(all_graphs(n)), desc="graphs G", disable=not progress):
        dims[G.graph6_string()] = span_dimension(G, targets)
    short = [g6 for g6, d in dims.items() if d < p]
    edgeless = dims[Graph(n).graph6_string()]
    return ClaimResult("e.g. G edgeless", f"all G on {n} vertices, all looped H on <= {n} vertices",
                       f"reproduced: edgeless G spans {edgeless} < p({n}) = {p} dimensions; "
                       f"{len(short)} of {len(dims)} graphs on {n} vertices do not span",
                       [{"graphs": [describe(Graph(g6))], "dimension": dims[g6]} for g6 in short],
                       details={"dimension": dims, "edgeless": [dims[Graph(n).graph6_string()], n]},
                       passed=Graph(n).graph6_string() in short)


@claim(10, "m, p, e are realised as H-CSFs (up to scalars)", reach=12)
def check_realisations(max_n=8, progress=True):
    r"""
    Claim 10 [EFHKY2022]_: `X_{K_\lambda}^{K_{\ell(\lambda)}} =
    \ell!\,\widetilde m_\lambda`, `X_{K_n}^{K_n} = (n!)^2 e_n`,
    `X_{\overline{K_n}}^{K_1} = p_n`.

    EXAMPLES::

        sage: from sage_hcsf.claims.bases import check_realisations
        sage: check_realisations(5, progress=False).verdict
        'holds'
    """
    failures = []
    for n in tqdm(range(1, max_n + 1), desc="n", disable=not progress):
        for la in Partitions(n):
            counts = fiber_type_counts(complete_multipartite(la), graphs.CompleteGraph(len(la)))
            if counts != {la: factorial(len(la))}:
                failures.append({"identity": "K_lambda -> K_l", "lambda": list(la)})
        Kn = graphs.CompleteGraph(n)
        X = h_chromatic_symmetric_function(Kn, Kn, basis="e")
        if X != factorial(n) ** 2 * X.parent()[n]:
            failures.append({"identity": "K_n -> K_n", "n": n})
        P = h_chromatic_symmetric_function(Graph(n), graphs.CompleteGraph(1))
        if P != P.parent()[n]:
            failures.append({"identity": "edgeless -> K_1", "n": n})
    return ClaimResult("all n",
                       f"all partitions of n <= {max_n}", "holds" if not failures else "CONTRADICTED",
                       failures, passed=not failures)
