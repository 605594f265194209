r"""
Claim 11: graphs with equal H-chromatic polynomials

`\chi_G^H(k) = X_G^H(1^k) = \sum_\lambda N_\lambda(G,H)\,(k)_{\ell(\lambda)}`
forgets how the fibers are shaped. The tutorial ``doctests/polynomial.rst``
walks through this claim.

EXAMPLES::

    sage: from sage_hcsf.claims.polynomial import check_polynomial_coincidences
    sage: check_polynomial_coincidences(4, progress=False).verdict
    'found 2 pairs'
"""
from tqdm import tqdm

from sage.arith.misc import falling_factorial
from sage.graphs.graph_generators import graphs
from sage.rings.integer_ring import ZZ
from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing

from sage_hcsf.claims.registry import ClaimResult, claim, counts_key, describe
from sage_hcsf.graphs.families import all_graphs
from sage_hcsf.fiber_types.counts import fiber_type_counts


def polynomial_of_counts(counts):
    r"""
    Return `\sum_\lambda N_\lambda\,(x)_{\ell(\lambda)}` in ``ZZ['x']``: the
    H-chromatic polynomial of fiber-type counts ``counts``.

    EXAMPLES::

        sage: from sage_hcsf import fiber_type_counts, h_chromatic_polynomial
        sage: from sage_hcsf.claims.polynomial import polynomial_of_counts
        sage: C5, K3 = graphs.CycleGraph(5), graphs.CompleteGraph(3)
        sage: polynomial_of_counts(fiber_type_counts(C5, K3)) == h_chromatic_polynomial(C5, K3)
        True
    """
    x = PolynomialRing(ZZ, "x").gen()
    return sum((c * falling_factorial(x, len(la)) for la, c in counts.items()), x.parent().zero())


@claim(11, "graphs with equal H-chromatic polynomial but different X_G^H")
def check_polynomial_coincidences(n=6, targets=None, progress=True):
    r"""
    Claim 11 [PL2025]_ asks when graphs share the H-chromatic polynomial:
    find pairs `G_1, G_2` on `n` vertices with `\chi_{G_1}^H = \chi_{G_2}^H`
    but `X_{G_1}^H \ne X_{G_2}^H`.

    EXAMPLES::

        sage: from sage_hcsf.claims.polynomial import check_polynomial_coincidences
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
            counts = fiber_type_counts(G, H)
            groups.setdefault(polynomial_of_counts(counts), []).append((G, counts_key(counts)))
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
    return ClaimResult("open question", f"all graphs on {n} vertices, H in {[t for t, _ in targets]}",
                       f"found {sum(pairs.values())} pairs" if findings else "none found",
                       findings, details={"pairs": pairs})
