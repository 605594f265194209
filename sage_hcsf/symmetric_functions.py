r"""
H-chromatic symmetric functions in Sage's ring of symmetric functions

For graphs `G` and `H` [EFHKY2022]_,

.. MATH::

    X_G^H = \sum_{\phi \in \mathrm{Hom}(G, H)} \widetilde{m}_{\lambda(\phi)}
          = \sum_\lambda N_\lambda(G, H)\, \widetilde{m}_\lambda,
    \qquad \widetilde{m}_\lambda = r_1!\, r_2! \cdots m_\lambda,

where `\lambda(\phi)` is the fiber type of `\phi` and `r_i` the number of
parts of `\lambda` equal to `i`. The counts `N_\lambda(G, H)` come from
:func:`~sage_hcsf.fiber_types.fiber_type_counts`; this module turns them
into elements of :func:`SymmetricFunctions`.

EXAMPLES::

    sage: from sage_hcsf import h_chromatic_symmetric_function, self_chromatic_symmetric_function
    sage: P3 = graphs.PathGraph(3)
    sage: self_chromatic_symmetric_function(P3)
    2*p[1, 1, 1] - 2*p[2, 1]
    sage: self_chromatic_symmetric_function(P3, basis="m")
    12*m[1, 1, 1] + 4*m[2, 1]
    sage: h_chromatic_symmetric_function(P3, graphs.CompleteGraph(2), basis="e")
    2*e[2, 1] - 6*e[3]
"""
from functools import lru_cache
from math import factorial

from sage.arith.misc import falling_factorial
from sage.combinat.sf.sf import SymmetricFunctions
from sage.rings.integer_ring import ZZ
from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing

from sage_hcsf.fiber_types import _partition, fiber_type_counts
from sage_hcsf.graph_data import GraphData, as_graph_data
from sage_hcsf.power_sums import block_sums, insert_part


@lru_cache(maxsize=None)
def augmented_monomial_power_sum_expansion(la):
    r"""
    Return the expansion of `\widetilde{m}_\lambda` in power sums.

    .. MATH::

        \widetilde{m}_\lambda = \sum_{\sigma} \prod_{B \in \sigma}
        (-1)^{|B|-1} (|B|-1)!\; p_{(\sum_{i \in B} \lambda_i)_{B \in \sigma}},

    the sum over set partitions `\sigma` of the parts of `\lambda` (Moebius
    inversion on the set-partition lattice, [Sta1995]_ 2.3). The
    coefficients are integers.

    INPUT:

    - ``la`` -- a partition, as a tuple of positive integers

    OUTPUT: a dictionary ``{partition tuple: int}``

    ALGORITHM:

    Insert the parts one at a time, smallest first, into blocks. A state is
    the multiset of blocks ``(sum, size)``; a new part opens a block
    (factor 1) or joins a block of size `z` (factor `-z`, since
    `(-1)^z z! = -z \cdot (-1)^{z-1}(z-1)!`). States with the same multiset
    are merged, so the work is far below the Bell number of
    `\ell(\lambda)`, and the states after each prefix of parts are cached:
    partitions of the same size share their prefixes (all of degree 20
    takes about a second).

    REFERENCES:

    .. [Sta1995] \R. P. Stanley, *A symmetric function generalization of the
       chromatic polynomial of a graph*, Adv. Math. 111 (1995), 166--194.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions import augmented_monomial_power_sum_expansion
        sage: augmented_monomial_power_sum_expansion((2, 1))
        {(2, 1): 1, (3,): -1}
        sage: augmented_monomial_power_sum_expansion((1, 1, 1))
        {(1, 1, 1): 1, (2, 1): -3, (3,): 2}

    It agrees with Sage's change of basis over `\QQ`::

        sage: Sym = SymmetricFunctions(QQ)
        sage: la = Partition([3, 2, 2, 1, 1])
        sage: mine = sum(c * Sym.p()[mu] for mu, c in augmented_monomial_power_sum_expansion(tuple(la)).items())
        sage: mine == 2 * 2 * Sym.p()(Sym.m()[la])
        True
    """
    expansion = {}
    for blocks, weight in _block_states(tuple(sorted(la))).items():
        mu = block_sums(blocks)
        expansion[mu] = expansion.get(mu, 0) + weight
    return {mu: c for mu, c in sorted(expansion.items(), reverse=True) if c}


@lru_cache(maxsize=4096)
def _block_states(parts):
    r"""
    Return the states of :func:`~sage_hcsf.power_sums.insert_part` after
    inserting ``parts`` (weakly increasing), cached by prefix.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions import _block_states
        sage: from sage_hcsf.power_sums import block_sums
        sage: sorted((block_sums(k), w) for k, w in _block_states((1, 1)).items())
        [((1, 1), 1), ((2,), -1)]
    """
    if not parts:
        return {b"": 1}
    return insert_part(_block_states(parts[:-1]), parts[-1])


def _multiplicity_factorial(la):
    r"""
    Return `r_1! r_2! \cdots` for the partition ``la``: the factor between
    `\widetilde{m}_\lambda` and `m_\lambda`.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions import _multiplicity_factorial
        sage: _multiplicity_factorial((2, 2, 1, 1, 1))
        12
    """
    result = 1
    for part in set(la):
        result *= factorial(la.count(part))
    return result


def symmetric_function_from_fiber_counts(counts, R=None, basis="p"):
    r"""
    Return `\sum_\lambda N_\lambda \widetilde{m}_\lambda` in the requested basis.

    INPUT:

    - ``counts`` -- dictionary ``{partition: coefficient}``
    - ``R`` -- a commutative ring (default: ``ZZ``, or the base ring of
      ``basis`` when it is a basis object)
    - ``basis`` -- a basis name (``"p"``, ``"m"``, ``"e"``, ``"h"``, ``"s"``,
      or any other of :func:`SymmetricFunctions`) or a basis object

    OUTPUT: an element of that basis

    The power-sum expansion is computed exactly over ``R`` from
    :func:`augmented_monomial_power_sum_expansion`; other bases are reached
    from the monomial basis, where the coefficients `N_\lambda r_1! r_2!
    \cdots` are integers too.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions import symmetric_function_from_fiber_counts
        sage: symmetric_function_from_fiber_counts({Partition([2, 1]): 4, Partition([1, 1, 1]): 2})
        2*p[1, 1, 1] - 2*p[2, 1]
        sage: s = SymmetricFunctions(QQ['t']).s()
        sage: symmetric_function_from_fiber_counts({Partition([1, 1]): 1}, basis=s)
        2*s[1, 1]
        sage: symmetric_function_from_fiber_counts({}, basis="h")
        0
        sage: symmetric_function_from_fiber_counts({}, basis="q")
        Traceback (most recent call last):
        ...
        ValueError: basis must be a basis of SymmetricFunctions ('p', 'm', 'e', 'h', 's', ...) or a basis object; got 'q'
    """
    target = _basis(R, basis)
    Sym = target.realization_of()
    ring = target.base_ring()
    if target == Sym.p():
        terms = {}
        for la, c in counts.items():
            c = int(c)
            for mu, d in augmented_monomial_power_sum_expansion(tuple(la)).items():
                terms[mu] = terms.get(mu, 0) + c * d
        return target._from_dict({_partition(mu): ring(c) for mu, c in terms.items() if c})
    m = Sym.m()
    element = m._from_dict({_partition(la): m.base_ring()(int(c) * _multiplicity_factorial(tuple(la)))
                            for la, c in counts.items() if c})
    return target(element)


def _basis(R, basis):
    r"""
    Resolve ``basis`` (a name or a basis object) over ``R``.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions import _basis
        sage: _basis(None, "e")
        Symmetric Functions over Integer Ring in the elementary basis
        sage: _basis(QQ, SymmetricFunctions(ZZ).s())
        Symmetric Functions over Rational Field in the Schur basis
    """
    if isinstance(basis, str):
        Sym = SymmetricFunctions(ZZ if R is None else R)
        maker = getattr(Sym, basis, None)
        if maker is not None and basis in ("p", "m", "e", "h", "s", "f", "w", "o", "sp",
                                            "forgotten", "elementary", "homogeneous",
                                            "monomial", "powersum", "schur", "witt",
                                            "orthogonal", "symplectic"):
            return maker()
        raise ValueError("basis must be a basis of SymmetricFunctions ('p', 'm', 'e', 'h', "
                         f"'s', ...) or a basis object; got {basis!r}")
    if R is not None and basis.base_ring() != R:
        return _basis(R, basis.prefix())
    return basis


def h_chromatic_symmetric_function(G, H, R=None, basis="p", algorithm="auto"):
    r"""
    Return the H-chromatic symmetric function `X_G^H`.

    .. MATH::

        X_G^H = \sum_{\phi \in \mathrm{Hom}(G, H)} \widetilde{m}_{\lambda(\phi)}
        = \sum_{(\phi, \kappa)} \prod_{v \in V(G)} x_{\kappa(v)},

    the second sum over `H`-colourings `\phi` and colourings `\kappa` with
    `\kappa(u) = \kappa(v)` if and only if `\phi(u) = \phi(v)` [EFHKY2022]_.

    INPUT:

    - ``G``, ``H`` -- graphs (Sage, networkx, graph6, edge list or
      adjacency dict); ``H`` may have loops
    - ``R`` -- the base ring (default: ``ZZ``)
    - ``basis`` -- ``"p"`` (default), ``"m"``, ``"e"``, ``"h"``, ``"s"``,
      ... or a basis object
    - ``algorithm`` -- passed to :func:`~sage_hcsf.fiber_types.fiber_type_counts`

    OUTPUT: a homogeneous symmetric function of degree `|V(G)|`

    EXAMPLES::

        sage: from sage_hcsf import h_chromatic_symmetric_function
        sage: h_chromatic_symmetric_function(graphs.PathGraph(3), graphs.PathGraph(3))
        2*p[1, 1, 1] - 2*p[2, 1]
        sage: h_chromatic_symmetric_function(graphs.CycleGraph(5), graphs.CompleteGraph(3), basis="m")
        60*m[2, 2, 1]

    For `N \ge |V(G)|`, `X_G^{K_N}` refines Stanley's chromatic symmetric
    function by the falling factorials `(N)_{\ell(\lambda)}`; the
    realisations of [EFHKY2022]_::

        sage: h_chromatic_symmetric_function(graphs.CompleteGraph(3), graphs.CompleteGraph(3), basis="e")
        36*e[3]
        sage: h_chromatic_symmetric_function(Graph(3), Graph([(0, 0)], loops=True))
        p[3]

    TESTS::

        sage: h_chromatic_symmetric_function(Graph(), graphs.PathGraph(2))
        p[]
        sage: h_chromatic_symmetric_function(graphs.CycleGraph(3), graphs.PathGraph(5))
        0
    """
    return symmetric_function_from_fiber_counts(fiber_type_counts(G, H, algorithm), R, basis)


def self_chromatic_symmetric_function(G, R=None, basis="p", algorithm="auto"):
    r"""
    Return the self-chromatic symmetric function `X_G^G`.

    INPUT:

    - ``G`` -- a graph in any accepted form
    - ``R``, ``basis``, ``algorithm`` -- as in :func:`h_chromatic_symmetric_function`

    OUTPUT: a symmetric function of degree `|V(G)|`; its coefficient of
    `\widetilde{m}_{1^n}` is `|\mathrm{Aut}(G)|`

    EXAMPLES:

    The only two graphs on at most 7 vertices with the same self-CSF, one a
    tree and one not::

        sage: from sage_hcsf import self_chromatic_symmetric_function
        sage: P3 = graphs.PathGraph(3)
        sage: K2K1 = graphs.CompleteGraph(2).disjoint_union(Graph(1))
        sage: self_chromatic_symmetric_function(P3) == self_chromatic_symmetric_function(K2K1)
        True
        sage: self_chromatic_symmetric_function(graphs.CompleteGraph(4), basis="e")
        576*e[4]
    """
    return h_chromatic_symmetric_function(G, G, R, basis, algorithm)


def chromatic_symmetric_function(G, R=None, basis="p", algorithm="auto"):
    r"""
    Return Stanley's chromatic symmetric function `X_G`.

    .. MATH::

        X_G = \sum_{\pi} \widetilde{m}_{\mathrm{type}(\pi)},

    the sum over stable set partitions `\pi` of `V(G)` [Sta1995]_. It is
    computed from `X_G^{K_n}`, `n = |V(G)|`: the coefficient of
    `\widetilde{m}_\lambda` in `X_G^{K_n}` is `(n)_{\ell(\lambda)}` times that
    in `X_G`, since a proper colouring with `\ell` colour classes is a
    stable partition together with an injective labelling of its blocks by
    the vertices of `K_n`.

    INPUT:

    - ``G`` -- a loopless graph in any accepted form
    - ``R``, ``basis``, ``algorithm`` -- as in :func:`h_chromatic_symmetric_function`

    OUTPUT: a symmetric function, equal to Sage's
    ``G.chromatic_symmetric_function()`` in the same basis

    ALGORITHM:

    The DP of :mod:`sage_hcsf.fiber_dp`: the target `K_n` is a single twin
    class, so a state is a set partition of the frontier with fiber sizes,
    up to relabelling colours.

    EXAMPLES::

        sage: from sage_hcsf import chromatic_symmetric_function
        sage: G = graphs.PathGraph(3)
        sage: chromatic_symmetric_function(G)
        p[1, 1, 1] - 2*p[2, 1] + p[3]
        sage: chromatic_symmetric_function(G) == G.chromatic_symmetric_function()
        True
        sage: chromatic_symmetric_function(graphs.ClawGraph(), basis="e")
        e[2, 1, 1] - 2*e[2, 2] + 5*e[3, 1] + 4*e[4]
    """
    data = as_graph_data(G, "G")
    if any(data.loops):
        raise ValueError("G must be loopless: a graph with a loop has no proper colouring")
    n = data.order()
    complete = GraphData(tuple(tuple(j for j in range(n) if j != i) for i in range(n)),
                         (False,) * n, tuple(range(n)))
    counts = fiber_type_counts(data, complete, algorithm)
    stable = {la: c // falling_factorial(n, len(la)) for la, c in counts.items()}
    return symmetric_function_from_fiber_counts(stable, R, basis)


def h_chromatic_polynomial(G, H, x=None, algorithm="auto"):
    r"""
    Return the H-chromatic polynomial `\chi_G^H(k) = X_G^H(1^k)`.

    .. MATH::

        \chi_G^H(k) = \sum_\lambda N_\lambda(G, H)\, (k)_{\ell(\lambda)},

    the number of pairs (an `H`-colouring of `G`, an injective labelling of
    its image by `k` colours).

    INPUT:

    - ``G``, ``H`` -- graphs in any accepted form
    - ``x`` -- a variable name, or an element of a ring to substitute
      (default: the generator of ``ZZ['x']``)
    - ``algorithm`` -- as in :func:`h_chromatic_symmetric_function`

    OUTPUT: a polynomial in ``ZZ[x]`` (or the value at ``x``)

    EXAMPLES::

        sage: from sage_hcsf import h_chromatic_polynomial
        sage: P3 = graphs.PathGraph(3)
        sage: h_chromatic_polynomial(P3, P3)
        2*x^3 - 2*x^2
        sage: h_chromatic_polynomial(P3, P3, x=2)
        8
        sage: h_chromatic_polynomial(graphs.CycleGraph(5), graphs.CompleteGraph(3), "t")
        30*t^3 - 90*t^2 + 60*t

    Its value at 1 counts the homomorphisms with a single fiber::

        sage: h_chromatic_polynomial(Graph(4), Graph([(0, 0)], loops=True))
        x
    """
    if x is None or isinstance(x, str):
        x = PolynomialRing(ZZ, x or "x").gen()
    counts = fiber_type_counts(G, H, algorithm)
    return sum((c * falling_factorial(x, len(la)) for la, c in counts.items()),
               x.parent().zero() if hasattr(x, "parent") else 0)


def are_h_chromatically_equivalent(G1, G2, H, algorithm="auto"):
    r"""
    Return whether `X_{G_1}^H = X_{G_2}^H`.

    Since the augmented monomials are a basis, this holds exactly when the
    fiber-type counts agree, which is what is compared.

    INPUT:

    - ``G1``, ``G2``, ``H`` -- graphs in any accepted form
    - ``algorithm`` -- as in :func:`h_chromatic_symmetric_function`

    OUTPUT: boolean

    EXAMPLES::

        sage: from sage_hcsf import are_h_chromatically_equivalent
        sage: P3 = graphs.PathGraph(3)
        sage: K2K1 = graphs.CompleteGraph(2).disjoint_union(Graph(1))
        sage: are_h_chromatically_equivalent(P3, K2K1, P3)
        False
        sage: are_h_chromatically_equivalent(P3, K2K1, graphs.CompleteGraph(1))  # both 0
        True
        sage: are_h_chromatically_equivalent(P3, graphs.StarGraph(2), graphs.PetersenGraph())
        True
    """
    return fiber_type_counts(G1, H, algorithm) == fiber_type_counts(G2, H, algorithm)

