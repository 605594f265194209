r"""
The published claims on H-chromatic symmetric functions, as checkers

Each ``check_*`` function tests one claim of [EFHKY2022]_ or [PL2025]_
(numbered as in the package's specification) on a stated range and
returns a :class:`ClaimResult`: the claim, the published range, the range
checked here, the verdict, every counterexample or coincidence found (as
graph6 with a description) and the time taken. :func:`run_claims` runs
them all; ``python -m sage_hcsf reproduce`` prints the table.

Self-CSFs are compared through their fiber-type counts: the augmented
monomials are a basis, so `X_G^G = X_{G'}^{G'}` exactly when the counts
agree.

REFERENCES:

.. [PL2025] \L. Pierson, S. Y. Lin, *Distinguishability and linear
   independence for H-chromatic symmetric functions*, arXiv:2511.08665.

EXAMPLES::

    sage: from sage_hcsf.claims import check_trees_vs_non_trees
    sage: result = check_trees_vs_non_trees(5, progress=False)
    sage: result.verdict
    'reproduced: exactly one exception'
    sage: [f["description"] for f in result.findings[0]["graphs"]]
    ['forest, 3 vertices, 1 edges, degrees [1, 1, 0]', 'tree, 3 vertices, 2 edges, degrees [2, 1, 1]']
"""
import time
from dataclasses import dataclass, field
from math import factorial

from tqdm import tqdm

from sage.combinat.partition import Partition, Partitions
from sage.combinat.set_partition import SetPartitions
from sage.graphs.graph import Graph
from sage.graphs.graph_generators import graphs
from sage.matrix.constructor import matrix
from sage.rings.integer_ring import ZZ
from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing

from sage_hcsf.families import (all_graphs, caterpillars, complete_multipartite,
                                connected_bipartite_graphs, forests, spiders, trees)
from sage_hcsf.fiber_types import fiber_type_counts
from sage_hcsf.graph_data import as_graph_data
from sage_hcsf.sweep import self_fiber_counts
from sage_hcsf.symmetric_functions import (augmented_monomial_power_sum_expansion,
                                           h_chromatic_polynomial,
                                           h_chromatic_symmetric_function)


@dataclass
class ClaimResult:
    r"""
    The outcome of checking one claim.

    ``passed`` is ``False`` only when the computation contradicts the claim.

    EXAMPLES::

        sage: from sage_hcsf.claims import ClaimResult
        sage: r = ClaimResult(0, "a claim", "n <= 3", "n <= 4", "holds")
        sage: r.passed, r.as_dict()["verdict"]
        (True, 'holds')
    """
    number: int
    claim: str
    published: str
    checked: str
    verdict: str
    findings: list = field(default_factory=list)
    seconds: float = 0.0
    details: dict = field(default_factory=dict)
    passed: bool = True

    def as_dict(self):
        r"""
        Return the result as a JSON-friendly dictionary.

        EXAMPLES::

            sage: from sage_hcsf.claims import ClaimResult
            sage: sorted(ClaimResult(1, "c", "p", "q", "v").as_dict())
            ['checked', 'claim', 'details', 'findings', 'number', 'passed', 'published',
             'seconds', 'verdict']
        """
        return {"number": self.number, "claim": self.claim, "published": self.published,
                "checked": self.checked, "verdict": self.verdict, "passed": self.passed,
                "findings": self.findings, "seconds": round(self.seconds, 3),
                "details": self.details}


def describe(G):
    r"""
    Return ``{"graph6": ..., "description": ...}`` for a graph.

    EXAMPLES::

        sage: from sage_hcsf.claims import describe
        sage: describe(graphs.PathGraph(3))
        {'description': 'Path graph: tree, 3 vertices, 2 edges, degrees [2, 1, 1]',
         'graph6': 'BW'}
        sage: describe(Graph([(0, 1), (2, 2)], loops=True))["description"]
        'forest, 3 vertices, 1 edges, degrees [1, 1, 0], loops at 1 vertices'
    """
    G = Graph(G)
    loops = sum(1 for v in G if G.has_edge(v, v))
    simple = Graph(G, loops=True)
    simple.allow_loops(False)   # the shape of G without its loops
    kind = ("tree" if simple.is_tree() else "forest" if simple.is_forest() else
            "connected" if simple.is_connected()
            else f"{simple.connected_components_number()} components")
    name = G.name()
    text = (f"{name + ': ' if name and not name.startswith('Graph') else ''}{kind}, "
            f"{G.order()} vertices, {simple.size()} edges, degrees "
            f"{sorted(simple.degree(), reverse=True)}")
    if loops:
        text += f", loops at {loops} vertices"
    G = G.canonical_label()
    return {"description": text, "graph6": G.sparse6_string() if loops else G.graph6_string()}


def _key(counts):
    r"""
    Return a hashable key of fiber-type counts.

    EXAMPLES::

        sage: from sage_hcsf.claims import _key
        sage: _key({(2, 1): 4, (1, 1, 1): 2})
        (((1, 1, 1), 2), ((2, 1), 4))
    """
    return tuple(sorted((tuple(int(x) for x in la), int(c)) for la, c in counts.items()))


def _classes(graph_list, processes=1, progress=False, description="self-CSF"):
    r"""
    Group graphs by self-CSF; return the classes with at least two graphs
    and the number of graphs.

    EXAMPLES::

        sage: from sage_hcsf.claims import _classes
        sage: classes, total = _classes(list(graphs(3)))
        sage: total, [[G.size() for G in c] for c in classes]
        (4, [[1, 2]])
    """
    graph_list = [Graph(G) for G in graph_list]
    strings = [G.graph6_string() for G in graph_list]
    counts = self_fiber_counts(strings, processes=processes, progress=progress,
                               checkpoint=None) if strings else {}
    groups = {}
    for G, g6 in zip(graph_list, strings):
        groups.setdefault((G.order(), _key(counts[g6])), []).append(G)
    return [c for c in groups.values() if len(c) > 1], len(graph_list)


def _is_the_exception(graph_class):
    r"""
    Return whether a class of graphs is exactly `\{P_3, K_2 + K_1\}`.

    EXAMPLES::

        sage: from sage_hcsf.claims import _is_the_exception
        sage: _is_the_exception([graphs.PathGraph(3), graphs.CompleteGraph(3)])
        False
        sage: _is_the_exception([Graph([[0, 1, 2], [(1, 2)]]), graphs.StarGraph(2)])
        True
    """
    K2K1 = Graph([[0, 1, 2], [(0, 1)]], format="vertices_and_edges")
    expected = {graphs.PathGraph(3).canonical_label().graph6_string(),
                K2K1.canonical_label().graph6_string()}
    return (len(graph_class) == 2 and
            {Graph(G).canonical_label().graph6_string() for G in graph_class} == expected)


def _graphs_up_to(max_n, family=all_graphs, start=1):
    r"""
    Return the list of graphs of a family with ``start`` to ``max_n`` vertices.

    EXAMPLES::

        sage: from sage_hcsf.claims import _graphs_up_to
        sage: len(_graphs_up_to(4))
        18
    """
    return [G for n in range(start, max_n + 1) for G in family(n)]


def _timed(function):
    r"""
    Decorate a checker: set ``seconds`` on the result it returns.

    EXAMPLES::

        sage: from sage_hcsf.claims import _timed, ClaimResult
        sage: f = _timed(lambda: ClaimResult(0, "", "", "", ""))
        sage: f().seconds >= 0
        True
    """
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        result.seconds = time.perf_counter() - start
        return result
    wrapper.__doc__ = function.__doc__
    wrapper.__name__ = function.__name__
    wrapper.__module__ = function.__module__
    return wrapper


@_timed
def check_trees_vs_non_trees(max_n=8, progress=True, processes=None):
    r"""
    Claim 1 [PL2025]_: the self-CSF distinguishes trees from non-trees with
    exactly one exception (`P_3` and `K_2 + K_1`).

    Also records every self-CSF coincidence among all graphs up to
    ``max_n`` vertices (``details["coincidences"]``, new data).

    EXAMPLES::

        sage: from sage_hcsf.claims import check_trees_vs_non_trees
        sage: r = check_trees_vs_non_trees(6, progress=False)
        sage: r.verdict, r.details["coincidence classes by n"]
        ('reproduced: exactly one exception', {1: 0, 2: 0, 3: 1, 4: 0, 5: 0, 6: 1})
    """
    classes, total = _classes(_graphs_up_to(max_n), processes, progress, "graphs")
    exceptions = [c for c in classes if any(G.is_tree() for G in c)
                  and not all(G.is_tree() for G in c)]
    findings = [{"graphs": [describe(G) for G in c]} for c in exceptions]
    by_n = {n: sum(1 for c in classes if c[0].order() == n) for n in range(1, max_n + 1)}
    one = len(exceptions) == 1 and _is_the_exception(exceptions[0])
    verdict = ("reproduced: exactly one exception" if one else
               f"CONTRADICTED: {len(exceptions)} exception classes")
    return ClaimResult(1, "self-CSF distinguishes trees from non-trees, exactly one exception",
                       "all graphs, exactly one exception", f"all {total} graphs on <= {max_n} vertices",
                       verdict, findings, details={
                           "coincidences": [[describe(G) for G in c] for c in classes],
                           "coincidence classes by n": by_n}, passed=one)


@_timed
def check_forest_components(max_n=10, progress=True):
    r"""
    Claim 2 [PL2025]_: the self-CSF of a forest determines its number of
    components, with exactly one exception (`P_3` and `K_2 + K_1`).

    EXAMPLES::

        sage: from sage_hcsf.claims import check_forest_components
        sage: check_forest_components(6, progress=False).verdict
        'reproduced: exactly one exception'
    """
    classes, total = _classes(_graphs_up_to(max_n, forests), 1, progress, "forests")
    exceptions = [c for c in classes
                  if len({G.connected_components_number() for G in c}) > 1]
    one = len(exceptions) == 1 and _is_the_exception(exceptions[0])
    return ClaimResult(2, "self-CSF detects the number of components of a forest, one exception",
                       "all forests, exactly one exception", f"all {total} forests on <= {max_n} vertices",
                       "reproduced: exactly one exception" if one else
                       f"CONTRADICTED: {len(exceptions)} exception classes",
                       [{"graphs": [describe(G) for G in c]} for c in exceptions], passed=one)


@_timed
def check_trees_distinguished(max_n=12, progress=True, processes=None, checkpoint=None):
    r"""
    Claim 3 [PL2025]_, conjecture of [EFHKY2022]_: the self-CSF
    distinguishes all trees (published: up to 12 vertices).

    INPUT:

    - ``max_n`` -- check all trees with at most this many vertices
    - ``processes`` -- worker processes (default: all cores)
    - ``checkpoint`` -- a JSON-lines file to resume from and append to

    EXAMPLES::

        sage: from sage_hcsf.claims import check_trees_distinguished
        sage: r = check_trees_distinguished(9, progress=False, processes=1)
        sage: r.verdict, r.checked
        ('holds', 'all 95 trees on <= 9 vertices')
    """
    trees_list = _graphs_up_to(max_n, trees)
    strings = [T.graph6_string() for T in trees_list]
    counts = self_fiber_counts(strings, processes=processes, progress=progress,
                               checkpoint=checkpoint)
    groups = {}
    for T, g6 in zip(trees_list, strings):
        groups.setdefault((T.order(), _key(counts[g6])), []).append(T)
    collisions = [c for c in groups.values() if len(c) > 1]
    per_n = {n: sum(1 for T in trees_list if T.order() == n) for n in range(1, max_n + 1)}
    return ClaimResult(3, "self-CSF distinguishes all trees", "all trees on <= 12 vertices",
                       f"all {len(trees_list)} trees on <= {max_n} vertices",
                       "holds" if not collisions else "CONTRADICTED: trees with equal self-CSF",
                       [{"graphs": [describe(T) for T in c]} for c in collisions],
                       details={"trees by n": per_n}, passed=not collisions)


@_timed
def check_spider_legs(max_n=14, progress=True):
    r"""
    Claim 4 [PL2025]_: the self-CSF of a spider determines its number of
    legs.

    EXAMPLES::

        sage: from sage_hcsf.claims import check_spider_legs
        sage: check_spider_legs(9, progress=False).verdict
        'holds'
    """
    family = _graphs_up_to(max_n, spiders, start=4)
    classes, total = _classes(family, 1, progress, "spiders")
    bad = [c for c in classes if len({max(G.degree()) for G in c}) > 1]
    return ClaimResult(4, "self-CSF determines the number of legs of a spider",
                       "all spiders", f"all {total} spiders on <= {max_n} vertices",
                       "holds" if not bad else "CONTRADICTED",
                       [{"graphs": [describe(G) for G in c]} for c in bad], passed=not bad)


@_timed
def check_caterpillar_degrees(max_n=14, progress=True):
    r"""
    Claim 5 [PL2025]_: given its spine length, the self-CSF of a caterpillar
    determines its degree sequence.

    EXAMPLES::

        sage: from sage_hcsf.claims import check_caterpillar_degrees
        sage: check_caterpillar_degrees(9, progress=False).verdict
        'holds'
    """
    family = _graphs_up_to(max_n, caterpillars, start=3)
    strings = [G.graph6_string() for G in family]
    counts = self_fiber_counts(strings, processes=1, progress=progress)
    groups = {}
    for G, g6 in zip(family, strings):
        spine = G.order() - G.degree().count(1)
        groups.setdefault((G.order(), spine, _key(counts[g6])), []).append(G)
    bad = [c for c in groups.values() if len({tuple(sorted(G.degree())) for G in c}) > 1]
    return ClaimResult(5, "given the spine length, self-CSF determines a caterpillar's degrees",
                       "all caterpillars", f"all {len(family)} caterpillars on <= {max_n} vertices",
                       "holds" if not bad else "CONTRADICTED",
                       [{"graphs": [describe(G) for G in c]} for c in bad], passed=not bad)


def star_power_sum_polynomials(G):
    r"""
    Return the p-coefficients of `\omega(X_G^{K_{1,k}})` as polynomials in
    `k`, from the closed form for connected bipartite `G` (MATH 2.6).

    .. MATH::

        X_G^{K_{1,k}} = \sum_{S \in \{A, B\}} \sum_{\pi \vdash \bar S}
        (k)_{|\pi|}\, \widetilde m_{(|S|) + \mathrm{type}(\pi)},

    and `\omega(p_\mu) = (-1)^{n - \ell(\mu)} p_\mu`.

    OUTPUT: a dictionary ``{partition tuple: polynomial in ZZ['k']}``

    EXAMPLES::

        sage: from sage_hcsf.claims import star_power_sum_polynomials
        sage: star_power_sum_polynomials(graphs.PathGraph(2))
        {(1, 1): 2*k, (2,): 2*k}
    """
    R = PolynomialRing(ZZ, "k")
    k = R.gen()
    A, B = Graph(G).bipartite_sets()
    n = Graph(G).order()
    fiber = {}
    for S, other in ((A, B), (B, A)):
        for pi in SetPartitions(len(other)):
            la = tuple(sorted([len(S)] + [len(block) for block in pi], reverse=True))
            term = R.one()
            for i in range(len(pi)):
                term *= k - i
            fiber[la] = fiber.get(la, R.zero()) + term
    coefficients = {}
    for la, N in fiber.items():
        for mu, c in augmented_monomial_power_sum_expansion(la).items():
            coefficients[mu] = coefficients.get(mu, R.zero()) + c * N
    return {mu: (-1) ** (n - len(mu)) * P for mu, P in coefficients.items() if P}


def least_monotone_star_size(G):
    r"""
    Return the least `k_0` such that `\omega(X_G^{K_{1,k}})` is one-signed in
    the p basis for every integer `k \ge k_0`, or ``None`` if no such `k_0`
    exists; proved for all `k`, not only checked on a range.

    Each p-coefficient is a polynomial in `k`; beyond the Cauchy bound
    `1 + \max_i |a_i / a_d|` of its roots it has the sign of its leading
    coefficient. If the leading coefficients disagree there is no `k_0`;
    otherwise the integers below the largest bound are checked one by one.

    EXAMPLES:

    The example of the specification: `P_5` mixes signs at `k = 3` and is
    one-signed from `k = 4` on::

        sage: from sage_hcsf.claims import least_monotone_star_size
        sage: least_monotone_star_size(graphs.PathGraph(5))
        4
        sage: least_monotone_star_size(graphs.StarGraph(3))
        1
    """
    polynomials = list(star_power_sum_polynomials(G).values())
    signs = {P.leading_coefficient().sign() for P in polynomials}
    if len(signs) > 1:
        return None
    bound = max(1 + max(abs(c / P.leading_coefficient()) for c in P.list()[:-1]) if P.degree() else 1
                for P in polynomials)
    k0 = int(bound.ceil()) if hasattr(bound, "ceil") else int(bound) + 1
    while k0 > 1 and len({P(k0 - 1).sign() for P in polynomials} - {0}) <= 1:
        k0 -= 1
    return k0


@_timed
def check_star_p_monotonicity(max_n=9, progress=True):
    r"""
    Claim 6 [EFHKY2022]_: `\omega(X_G^{K_{1,k}})` is p-monotone (one-signed)
    once the star is large enough compared with `G`. For each connected
    bipartite `G`, the least such `k_0(G)` is computed and proved for every
    `k \ge k_0` (see :func:`least_monotone_star_size`).

    EXAMPLES::

        sage: from sage_hcsf.claims import check_star_p_monotonicity
        sage: r = check_star_p_monotonicity(5, progress=False)
        sage: r.verdict
        'holds: every G has a k0 (proved for all k >= k0)'
        sage: r.details["largest k0 by n"]
        {2: 1, 3: 1, 4: 1, 5: 5}
    """
    family = _graphs_up_to(max_n, connected_bipartite_graphs, start=2)
    k0 = {}
    for G in tqdm(family, desc="bipartite graphs", disable=not progress, unit="graph"):
        k0[G.graph6_string()] = (G.order(), least_monotone_star_size(G))
    missing = [g6 for g6, (_, value) in k0.items() if value is None]
    largest = {}
    for n, value in k0.values():
        if value is not None:
            largest[n] = max(largest.get(n, 0), value)
    return ClaimResult(6, "omega(X_G^{K_{1,k}}) is p-monotone for k large enough",
                       "conjecture (stars large compared with G)",
                       f"all {len(family)} connected bipartite graphs on <= {max_n} vertices",
                       "holds: every G has a k0 (proved for all k >= k0)" if not missing
                       else f"CONTRADICTED: {len(missing)} graphs are never one-signed",
                       [{"graphs": [describe(Graph(g6))]} for g6 in missing],
                       details={"k0": {g6: value for g6, (_, value) in k0.items()},
                                "largest k0 by n": dict(sorted(largest.items()))},
                       passed=not missing)


def fiber_matrix(graph_list, H=None):
    r"""
    Return the matrix whose rows are the fiber-type counts of `X_G^H`
    (`H = G` if ``H`` is ``None``) over all partitions of `n`.

    The augmented monomials are a basis of `\Lambda^n`, so the rows are the
    coordinates of the symmetric functions.

    EXAMPLES::

        sage: from sage_hcsf.claims import fiber_matrix
        sage: fiber_matrix([graphs.PathGraph(2), Graph(2)])   # columns [2], [1, 1]
        [0 2]
        [2 2]
    """
    graph_list = list(graph_list)
    n = as_graph_data(graph_list[0]).order()
    columns = list(Partitions(n))
    rows = []
    for G in graph_list:
        counts = fiber_type_counts(G, G if H is None else H)
        rows.append([counts.get(Partition(la), 0) for la in columns])
    return matrix(ZZ, rows)


def is_basis(family, H):
    r"""
    Return whether `\{X_G^H : G \in \mathrm{family}\}` is a basis of
    `\Lambda^n` (`n` the common number of vertices).

    EXAMPLES::

        sage: from sage_hcsf.claims import is_basis
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

        sage: from sage_hcsf.claims import find_basis, is_basis
        sage: H = graphs.CycleGraph(5)
        sage: basis = find_basis(H, 4); len(basis), is_basis(basis, H)
        (5, True)
        sage: find_basis(graphs.CompleteGraph(2), 3) is None
        True
    """
    target = Partitions(n).cardinality()
    chosen, rows = [], []
    columns = list(Partitions(n))
    for G in (all_graphs(n) if candidates is None else candidates):
        counts = fiber_type_counts(G, H)
        row = [counts.get(Partition(la), 0) for la in columns]
        if matrix(ZZ, rows + [row]).rank() > len(rows):
            rows.append(row)
            chosen.append(G)
            if len(chosen) == target:
                return chosen
    return None


@_timed
def check_complete_multipartite_basis(max_n=12, progress=True):
    r"""
    Claim 7 [PL2025]_: the self-CSFs of the complete multipartite graphs
    `K_\lambda`, `\lambda \vdash n`, form a basis of `\Lambda^n`.

    EXAMPLES::

        sage: from sage_hcsf.claims import check_complete_multipartite_basis
        sage: r = check_complete_multipartite_basis(6, progress=False)
        sage: r.verdict, r.details["rank by n"]
        ('holds', {1: [1, 1], 2: [2, 2], 3: [3, 3], 4: [5, 5], 5: [7, 7], 6: [11, 11]})
    """
    ranks = {}
    for n in tqdm(range(1, max_n + 1), desc="K_lambda", disable=not progress):
        M = fiber_matrix([complete_multipartite(la) for la in Partitions(n)])
        ranks[n] = [M.rank(), M.nrows()]
    bad = [n for n, (r, p) in ranks.items() if r != p]
    return ClaimResult(7, "self-CSFs of complete multipartite graphs form a basis",
                       "all n (computed: n <= 7)", f"n <= {max_n}",
                       "holds" if not bad else f"CONTRADICTED at n = {bad}",
                       [{"n": n} for n in bad], details={"rank by n": ranks}, passed=not bad)


def default_fixed_targets():
    r"""
    Return the non-complete targets used for claim 8: `K_6` minus an edge,
    the Petersen graph and the 6-cycle with a loop at every vertex.

    EXAMPLES::

        sage: from sage_hcsf.claims import default_fixed_targets
        sage: [name for name, _ in default_fixed_targets()]
        ['K6 minus an edge', 'Petersen', 'C6 with all loops']
    """
    K6e = graphs.CompleteGraph(6)
    K6e.delete_edge(0, 1)
    C6 = Graph(graphs.CycleGraph(6), loops=True)
    for v in range(6):
        C6.add_edge(v, v)
    return [("K6 minus an edge", K6e), ("Petersen", graphs.PetersenGraph()),
            ("C6 with all loops", C6)]


@_timed
def check_fixed_target_bases(max_n=6, targets=None, progress=True):
    r"""
    Claim 8 [PL2025]_: for a fixed non-complete `H`, some families
    `\{X_G^H\}` are bases of `\Lambda^n`. Searches all graphs on `n`
    vertices with :func:`find_basis` and confirms with :func:`is_basis`.
    A basis needs `|V(H)| \ge n`, since a fiber type has at most `|V(H)|`
    parts (`\widetilde m_{1^n}` is reached only by injective maps).

    EXAMPLES::

        sage: from sage_hcsf.claims import check_fixed_target_bases
        sage: r = check_fixed_target_bases(4, progress=False)
        sage: r.verdict, r.details["found"]
        ('holds: bases found for 3 non-complete targets, every n <= 4',
         {'C6 with all loops': [1, 2, 3, 4],
          'K6 minus an edge': [1, 2, 3, 4],
          'Petersen': [1, 2, 3, 4]})
    """
    targets = default_fixed_targets() if targets is None else targets
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
    return ClaimResult(8, "for fixed non-complete H some families X_G^H are bases",
                       "a construction exists", f"{len(targets)} targets, n <= {max_n}",
                       f"holds: bases found for {len(complete)} non-complete targets, every n <= {max_n}"
                       if ok else "NOT FOUND for two targets", findings,
                       details={"found": found}, passed=ok)


def looped_graphs(max_vertices):
    r"""
    Iterate over the graphs with loops allowed on 1 to ``max_vertices``
    vertices (one per simple graph and subset of looped vertices; isomorphic
    copies are not removed).

    EXAMPLES::

        sage: from sage_hcsf.claims import looped_graphs
        sage: sum(1 for _ in looped_graphs(2))   # 1 graph x 2 loop sets + 2 graphs x 4
        10
    """
    for N in range(1, max_vertices + 1):
        for H in all_graphs(N):
            for mask in range(2 ** N):
                looped = Graph(H, loops=True)
                for v in range(N):
                    if mask >> v & 1:
                        looped.add_edge(v, v)
                yield looped


@_timed
def check_fixed_graph_span(n=4, progress=True):
    r"""
    Claim 9 [PL2025]_: for a fixed `G`, the `X_G^H` over all `H` (loops
    allowed) generally do not span `\Lambda^n`. Computes the dimension of
    the span over all looped `H` on at most `n` vertices, for every `G` on
    `n` vertices (a fiber type has at most `|V(H)|` parts, so larger `H`
    only add the dimension a complete `K_N` adds).

    EXAMPLES::

        sage: from sage_hcsf.claims import check_fixed_graph_span
        sage: r = check_fixed_graph_span(4, progress=False)
        sage: r.verdict, r.details["edgeless"]
        ('reproduced: edgeless G spans 4 < p(4) = 5 dimensions; 1 of 11 graphs on 4 vertices do not span',
         [4, 4])
    """
    targets = list(looped_graphs(n))
    dims = {}
    p = Partitions(n).cardinality()
    for G in tqdm(list(all_graphs(n)), desc="graphs G", disable=not progress):
        rows = [[fiber_type_counts(G, H).get(Partition(la), 0) for la in Partitions(n)]
                for H in targets]
        dims[G.graph6_string()] = matrix(ZZ, rows).rank()
    short = [g6 for g6, d in dims.items() if d < p]
    edgeless = dims[Graph(n).graph6_string()]
    return ClaimResult(9, "for fixed G the X_G^H (H with loops) generally do not span",
                       "e.g. G edgeless", f"all G on {n} vertices, all looped H on <= {n} vertices",
                       f"reproduced: edgeless G spans {edgeless} < p({n}) = {p} dimensions; "
                       f"{len(short)} of {len(dims)} graphs on {n} vertices do not span",
                       [{"graphs": [describe(Graph(g6))], "dimension": dims[g6]} for g6 in short],
                       details={"dimension": dims, "edgeless": [dims[Graph(n).graph6_string()], n]},
                       passed=Graph(n).graph6_string() in short)


@_timed
def check_realisations(max_n=8, progress=True):
    r"""
    Claim 10 [EFHKY2022]_: `X_{K_\lambda}^{K_{\ell(\lambda)}} =
    \ell!\,\widetilde m_\lambda`, `X_{K_n}^{K_n} = (n!)^2 e_n`,
    `X_{\overline{K_n}}^{K_1} = p_n`.

    EXAMPLES::

        sage: from sage_hcsf.claims import check_realisations
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
    return ClaimResult(10, "m, p, e are realised as H-CSFs (up to scalars)", "all n",
                       f"all partitions of n <= {max_n}", "holds" if not failures else "CONTRADICTED",
                       failures, passed=not failures)


@_timed
def check_polynomial_coincidences(n=6, targets=None, progress=True):
    r"""
    Claim 11 [PL2025]_ asks when graphs share the H-chromatic polynomial:
    find pairs `G_1, G_2` on `n` vertices with `\chi_{G_1}^H = \chi_{G_2}^H`
    but `X_{G_1}^H \ne X_{G_2}^H`.

    EXAMPLES::

        sage: from sage_hcsf.claims import check_polynomial_coincidences
        sage: r = check_polynomial_coincidences(4, progress=False)
        sage: r.details["pairs"]
        {'C5': 0, 'K3': 2, 'P3': 0}
        sage: r.findings[0]["H"], len(r.findings[0]["graphs"])
        ('K3', 2)
    """
    if targets is None:
        targets = [("K3", graphs.CompleteGraph(3)), ("P3", graphs.PathGraph(3)),
                   ("C5", graphs.CycleGraph(5))]
    findings, pairs = [], {}
    for name, H in tqdm(targets, desc="targets", disable=not progress):
        groups = {}
        for G in all_graphs(n):
            groups.setdefault(h_chromatic_polynomial(G, H), []).append(
                (G, _key(fiber_type_counts(G, H))))
        pairs[name] = 0
        for polynomial, members in groups.items():
            distinct = {}
            for G, key in members:
                distinct.setdefault(key, G)
            if len(distinct) > 1:
                reps = list(distinct.values())
                pairs[name] += len(reps) * (len(reps) - 1) // 2
                findings.append({"H": name, "polynomial": str(polynomial),
                                 "graphs": [describe(G) for G in reps]})
    return ClaimResult(11, "graphs with equal H-chromatic polynomial but different X_G^H",
                       "open question", f"all graphs on {n} vertices, H in {[t for t, _ in targets]}",
                       f"found {sum(pairs.values())} pairs" if findings else "none found",
                       findings, details={"pairs": pairs})


CHECKS = {
    1: check_trees_vs_non_trees, 2: check_forest_components, 3: check_trees_distinguished,
    4: check_spider_legs, 5: check_caterpillar_degrees, 6: check_star_p_monotonicity,
    7: check_complete_multipartite_basis, 8: check_fixed_target_bases,
    9: check_fixed_graph_span, 10: check_realisations, 11: check_polynomial_coincidences,
}


def run_claims(only=None, max_tree_n=14, progress=True, processes=None, checkpoint=None):
    r"""
    Run the claim checkers at their default ranges; return the results.

    INPUT:

    - ``only`` -- a list of claim numbers (default: all)
    - ``max_tree_n`` -- the range of claim 3 (default: 14; published: 12)
    - ``processes``, ``checkpoint`` -- for the tree sweep of claim 3

    EXAMPLES::

        sage: from sage_hcsf.claims import run_claims
        sage: [r.verdict for r in run_claims([10], progress=False)]
        ['holds']
    """
    results = []
    for number in sorted(only or CHECKS):
        if number == 3:
            results.append(check_trees_distinguished(max_tree_n, progress, processes, checkpoint))
        else:
            results.append(CHECKS[number](progress=progress))
    return results
