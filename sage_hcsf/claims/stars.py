r"""
Claim 6: stars, bipartite graphs and p-monotonicity

For a connected bipartite `G` with sides `A, B`, every homomorphism to the
star `K_{1,k}` sends one side to the centre and spreads the other over the
leaves, which gives `X_G^{K_{1,k}}` in closed form (MATH 2.6) and its
p-coefficients as polynomials in `k`. The tutorial
``doctests/bipartite_and_stars.rst`` walks through this claim.

EXAMPLES::

    sage: from sage_hcsf.claims.stars import least_monotone_star_size
    sage: least_monotone_star_size(graphs.PathGraph(5))
    4
"""
from tqdm import tqdm

from sage.combinat.set_partition import SetPartitions
from sage.graphs.graph import Graph
from sage.rings.integer_ring import ZZ
from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing

from sage_hcsf.claims.registry import ClaimResult, claim, describe
from sage_hcsf.graphs.families import connected_bipartite_graphs, graphs_up_to
from sage_hcsf.symmetric_functions.expansion import augmented_monomial_power_sum_expansion


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

        sage: from sage_hcsf.claims.stars import star_power_sum_polynomials
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

        sage: from sage_hcsf.claims.stars import least_monotone_star_size
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


def draw_least_star_sizes(result, axes):
    r"""
    Draw the least `k_0(G)` of claim 6 against the number of vertices of `G`:
    one dot for each pair `(n, k_0)`, its area growing with the number of
    graphs it stands for, and labelled with that number.

    EXAMPLES::

        sage: from sage_hcsf.claims.stars import check_star_p_monotonicity, draw_least_star_sizes
        sage: from matplotlib import pyplot
        sage: figure, axes = pyplot.subplots()
        sage: draw_least_star_sizes(check_star_p_monotonicity(5, progress=False), axes)
        sage: axes.get_title()
        '$\\omega(X_G^{K_{1,k}})$ is one-signed in the p basis for every $k \\geq k_0$'
        sage: sorted(text.get_text() for text in axes.texts)   # graphs behind each dot
        ['1', '1', '1', '3', '4']
        sage: pyplot.close(figure)
    """
    graphs_at = {}
    for g6, k0 in result.details["k0"].items():
        if k0 is not None:
            point = (Graph(g6).order(), k0)
            graphs_at[point] = graphs_at.get(point, 0) + 1
    points = sorted(graphs_at)
    axes.scatter([n for n, _ in points], [k for _, k in points], alpha=0.35,
                 s=[40 + 60 * graphs_at[p] ** 0.5 for p in points])
    for point in points:
        axes.annotate(str(graphs_at[point]), point, ha="center", va="center", fontsize=8)
    axes.set_xlabel("number of vertices of G (connected bipartite)")
    axes.set_ylabel("least $k_0$ (each dot: how many graphs)")
    axes.set_title(r"$\omega(X_G^{K_{1,k}})$ is one-signed in the p basis for every $k \geq k_0$")


@claim(6, "omega(X_G^{K_{1,k}}) is p-monotone for k large enough", reach=11,
       figures=[("star_k0.png", draw_least_star_sizes)])
def check_star_p_monotonicity(max_n=9, progress=True):
    r"""
    Claim 6 [EFHKY2022]_: `\omega(X_G^{K_{1,k}})` is p-monotone (one-signed)
    once the star is large enough compared with `G`. For each connected
    bipartite `G`, the least such `k_0(G)` is computed and proved for every
    `k \ge k_0` (see :func:`least_monotone_star_size`).

    EXAMPLES::

        sage: from sage_hcsf.claims.stars import check_star_p_monotonicity
        sage: r = check_star_p_monotonicity(5, progress=False)
        sage: r.verdict
        'holds: every G has a k0 (proved for all k >= k0)'
        sage: r.details["largest k0 by n"]
        {2: 1, 3: 1, 4: 1, 5: 5}
    """
    family = graphs_up_to(max_n, connected_bipartite_graphs, start=2)
    k0 = {}
    for G in tqdm(family, desc="bipartite graphs", disable=not progress, unit="graph"):
        k0[G.graph6_string()] = (G.order(), least_monotone_star_size(G))
    missing = [g6 for g6, (_, value) in k0.items() if value is None]
    largest = {}
    for n, value in k0.values():
        if value is not None:
            largest[n] = max(largest.get(n, 0), value)
    return ClaimResult("conjecture (stars large compared with G)",
                       f"all {len(family)} connected bipartite graphs on <= {max_n} vertices",
                       "holds: every G has a k0 (proved for all k >= k0)" if not missing
                       else f"CONTRADICTED: {len(missing)} graphs are never one-signed",
                       [{"graphs": [describe(Graph(g6))]} for g6 in missing],
                       details={"k0": {g6: value for g6, (_, value) in k0.items()},
                                "largest k0 by n": dict(sorted(largest.items()))},
                       passed=not missing)
