r"""
Independent rechecks of a certified sweep

``verify --recheck K`` draws `K` pairs the sweep separated and computes their
invariant again by other means: the full fiber-type counts by the DP and, when
there are at most `10^6` endomorphisms, by the enumeration engine (for
Stanley's CSF: `X_T` by Sage's own function on small trees); it checks that
the two graphs differ, and that every value the store holds for them equals
the value the recomputed invariant implies, looked up by the certificate that
stores it. A stored value that nothing can check is a disagreement.

EXAMPLES::

    sage: from sage_hcsf.certify.runs import certify_self_csf
    sage: report = certify_self_csf("trees", 10, processes=1, progress=False, recheck=2)
    sage: [r["agree"] for r in report.recheck]
    [True, True]
"""

import random

# CERTIFICATES is also sage_hcsf.certify.ladder.CERTIFICATES, the ladder the sweeps walk
from sage_hcsf.certify.certificate import M64, P61
from sage_hcsf.certify.names import BUDGET_EXCEEDED, first_stage
from sage_hcsf.fiber_types.symmetry import automorphism_group_order
from sage_hcsf.graphs.graph_data import canonical_graph6
from sage_hcsf.graphs.trees import tree_from_parents


def recheck_pairs(sweep, report, number, seed):
    r"""
    Recompute ``number`` random separated pairs independently; return one
    record a pair.

    A pair is drawn among the pairs listed as separated by a later
    invariant, or else as two random graphs of one order. Each graph gets
    the invariant its ladder certifies, computed again: the full fiber-type
    counts from the DP (and from the enumeration engine when there are at
    most `10^6` endomorphisms) for the self-CSF; Stanley's `X_G` (Sage's own
    for at most 12 vertices, else the cut-counting DP) for ``"csf"``. The
    pair agrees when these differ between its graphs and every value the
    store holds for either graph equals the one they imply, looked up by
    the certificate that stores it (:attr:`~sage_hcsf.certify.ladder.Certificate.stored_as`);
    a stored value no certificate reads is a disagreement. For trees, the
    tree kernel's residues are computed again too, and `|\mathrm{Aut}(G)|`
    from Sage's search.

    EXAMPLES::

        sage: from sage_hcsf.certify.runs import certify_self_csf
        sage: r = certify_self_csf("trees", 9, processes=1, progress=False, recheck=3)
        sage: [(x["agree"], x["enumerated"]) for x in r.recheck]
        [(True, True), (True, True), (True, True)]
        sage: r = certify_self_csf("trees", 9, processes=1, progress=False, recheck=2,
        ....:                      invariant="csf")
        sage: [x["agree"] for x in r.recheck]
        [True, True]
    """
    rng = random.Random(int(seed))
    listed = [p["graphs"] for v in report.verdicts.values() for p in v.separated]
    orders = [n for n, v in report.verdicts.items() if v.graphs > 1]
    records = []
    for _ in range(number):
        if listed and rng.random() < 0.5 or not orders:
            if not listed:
                break
            pair = rng.choice(listed)
        else:
            pair = _random_pair(sweep, rng.choice(orders), rng)
        found = [_rechecked(sweep, g6) for g6 in pair]
        invariants = [invariant for invariant, _, _ in found]
        checks = [check for _, check, _ in found]
        enumerated = None if None in checks else all(checks)
        if False in checks:
            enumerated = False
        agree = all(ok for _, _, ok in found) and enumerated is not False and \
            invariants[0] != invariants[1]
        records.append({"graphs": list(pair), "agree": bool(agree), "enumerated": enumerated})
    return records


def _rechecked(sweep, g6):
    r"""
    Return ``(invariant, enumerated, agree)`` for one graph of a recheck
    (:func:`recheck_pairs`): the invariant the sweep certifies, computed again;
    whether the enumeration agreed with the DP (``None`` where it was not
    run); whether every value stored for the graph is the one the
    invariant implies.

    EXAMPLES::

        sage: from sage_hcsf.certify.recheck import _rechecked
        sage: from sage_hcsf.certify.sweep import Sweep
        sage: from sage_hcsf.store import ResultStore
        sage: store = ResultStore(":memory:")
        sage: sweep = Sweep.in_memory("graphs", store=store)
        sage: store.put_invariant("Bw", "hom", 6); store.put_invariant("Bw", "aut", 6)
        sage: _rechecked(sweep, "Bw")
        ((((1, 1, 1), 6),), True, True)
        sage: store.put_invariant("Bw", "aut", 5); _rechecked(sweep, "Bw")[2]
        False
        sage: store.put_invariant("Bw", "aut", 6); store.put_invariant("Bw", "no such rung", 1)
        sage: _rechecked(sweep, "Bw")[2]
        False
    """
    from sage_hcsf.certify.certificate import normalised_counts
    from sage_hcsf.certify.ladder import LADDERS, tree_hom_residues
    from sage_hcsf.fiber_types.counts import fiber_type_counts
    dp = fiber_type_counts(g6, g6, algorithm="dp")
    enumerated = None
    if sum(dp.values()) <= 10**6:
        enumerated = fiber_type_counts(g6, g6, algorithm="enumerate") == dp
    counts = {tuple(int(x) for x in la): int(c) for la, c in dp.items()}
    X = _stanley_csf(g6) if sweep.ladder[-1].reads == "csf" else None
    by_key = {c.stored_as: c for rungs in LADDERS.values() for c in rungs.values()}
    agree = automorphism_group_order(g6) == counts[(1,) * sum(next(iter(counts)))]
    if sweep.family.kind == "trees":
        hom = sum(counts.values())
        r64, r61 = tree_hom_residues(g6)
        agree &= (r64, r61) == (hom % M64, hom % P61)
    for key, value in sweep.store.invariants(g6).items():
        if key == BUDGET_EXCEEDED:
            continue
        certificate = by_key.get(key)
        if certificate is None:
            agree = False          # a stored value nothing can check is not trusted
        elif certificate.reads == "counts":
            agree &= certificate.from_counts(counts) == value
        else:
            agree &= certificate.from_csf(_stanley_csf(g6) if X is None else X) == value
    stored = sweep.store.fiber_counts(g6)
    if stored is not None:
        agree &= normalised_counts(stored) == normalised_counts(counts)
    invariant = normalised_counts(counts) if X is None else X
    return invariant, enumerated, bool(agree)


def _stanley_csf(G):
    r"""
    Return Stanley's chromatic symmetric function of ``G`` for a recheck,
    in the monomial basis: Sage's own for at most 12 vertices, else the
    package's (the cut-counting DP for forests).

    EXAMPLES::

        sage: from sage_hcsf.certify.recheck import _stanley_csf
        sage: _stanley_csf("BW")
        6*m[1, 1, 1] + m[2, 1]
    """
    from sage.combinat.sf.sf import SymmetricFunctions
    from sage.graphs.graph import Graph
    from sage.rings.integer_ring import ZZ

    from sage_hcsf.symmetric_functions.stanley import chromatic_symmetric_function
    graph = Graph(G)
    m = SymmetricFunctions(ZZ).m()
    if graph.order() <= 12:
        return m(graph.chromatic_symmetric_function())
    return m(chromatic_symmetric_function(graph))


def _random_pair(sweep, n, rng):
    r"""
    Return two distinct random graphs (canonical graph6) of the family on
    `n` vertices, regenerating their slices.

    EXAMPLES::

        sage: from sage_hcsf.certify.recheck import _random_pair
        sage: from sage_hcsf.certify.sweep import Sweep
        sage: from sage_hcsf.store import ResultStore
        sage: import random
        sage: store = ResultStore(":memory:")
        sage: sweep = Sweep.in_memory("trees", store=store)
        sage: _ = sweep.verdict(6)
        sage: a, b = _random_pair(sweep, 6, random.Random(int(1))); a != b
        True
    """
    fam = sweep.family
    if fam.kind == "trees":
        return random_trees(sweep, n, rng)
    parts = fam.parts(n)
    chosen = set()
    while len(chosen) < 2:
        part = rng.choice(parts)
        items, blob = sweep.store.task(sweep.key, n, part, first_stage(fam.kind, sweep.first))
        if items:
            chosen.add(rng.choice(blob.decode().splitlines()).split(" ")[0])
    return sorted(chosen)


def random_trees(sweep, n, rng, number=2):
    r"""
    Return ``number`` distinct random trees on `n` vertices (canonical
    graph6), each drawn uniformly from the trees of its order: a random
    slice of the first pass's plan (in the store), a random tree in it.

    EXAMPLES::

        sage: from sage_hcsf.certify.recheck import random_trees
        sage: from sage_hcsf.certify.sweep import Sweep
        sage: import random
        sage: sweep = Sweep.in_memory("trees")
        sage: _ = sweep.verdict(8)
        sage: trees = random_trees(sweep, 8, random.Random(int(3))); len(set(trees))
        2
    """
    from sage_hcsf.certify.first_pass import stage_name
    from sage_hcsf.kernels.tree_pass import slice_codes, tree_line
    total, starts = sweep.store.task(sweep.key, n, "plan", stage_name(sweep.first, "plan"))
    if total < number:
        raise ValueError(f"there are only {total} trees on {n} vertices")
    per_slice = -(-total // max(1, len(starts) // 16))
    chosen = set()
    while len(chosen) < number:
        index = rng.randrange(total)
        start = starts[16 * (index // per_slice):16 * (index // per_slice) + 16]
        codes, _ = slice_codes(n, start, index % per_slice + 1)
        code = int.from_bytes(codes[-8:], "little")
        chosen.add(canonical_graph6(tree_from_parents(tree_line(n, code))))
    return sorted(chosen)
