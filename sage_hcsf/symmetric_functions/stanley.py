r"""
Stanley's chromatic symmetric function of forests, and its cheap certificates

For a graph `G` [Sta1995]_ (Theorem 2.5),

.. MATH::

    X_G = \sum_{S \subseteq E(G)} (-1)^{|S|} p_{\lambda(S)},

where `\lambda(S)` is the partition formed by the sizes of the components
of `(V(G), S)`. For a forest on `n` vertices nothing cancels:
`|S| = n - \ell(\lambda(S))`, so the coefficient of `p_\lambda` in `X_G` is
`(-1)^{n - \ell(\lambda)}` times the number of edge sets whose components
have sizes `\lambda` -- the ways to cut the forest into pieces of sizes
`\lambda`. A rooted DP counts them (:mod:`sage_hcsf.kernels.tree_cuts`): a tree on
40 vertices takes a fraction of a second, where the sum over all
`2^{n - 1}` edge sets takes hours.

The same DP gives *certificates* for Stanley's tree conjecture (the
chromatic symmetric function distinguishes trees): a linear functional of
the `p`-coefficients, `p_k \mapsto w_k` with seeded random weights,
modulo a prime, in `O(n^2)` operations and without listing partitions
(:func:`csf_functional`). Different values prove different `X_T`;
:func:`csf_functional_from_csf` reads the same number off an exact `X_T`,
which is its soundness check.

EXAMPLES:

The exact CSF of a forest, in any basis::

    sage: from sage_hcsf.symmetric_functions.stanley import forest_chromatic_symmetric_function
    sage: claw = graphs.ClawGraph()
    sage: forest_chromatic_symmetric_function(claw)
    p[1, 1, 1, 1] - 3*p[2, 1, 1] + 3*p[3, 1] - p[4]
    sage: forest_chromatic_symmetric_function(claw, basis="e")
    e[2, 1, 1] - 2*e[2, 2] + 5*e[3, 1] + 4*e[4]

A tree on 40 vertices (the complete ternary tree of depth 3), exactly::

    sage: T = graphs.BalancedTree(3, 3)
    sage: X = forest_chromatic_symmetric_function(T)
    sage: len(X), X.coefficient([40]), X.coefficient([1] * 40)
    (10300, -1, 1)

The functional, and its soundness check::

    sage: from sage_hcsf.symmetric_functions.stanley import csf_functional, csf_functional_from_csf
    sage: csf_functional(T, seed=1) == csf_functional_from_csf(X, seed=1)
    True

Two trees on 7 vertices with the same degree sequence, told apart by the
functional (so their chromatic symmetric functions differ)::

    sage: T1, T2 = [T for T in graphs.trees(7) if sorted(T.degree()) == [1, 1, 1, 2, 2, 2, 3]][:2]
    sage: csf_functional(T1) != csf_functional(T2)
    True
"""

import hashlib

from sage.arith.misc import falling_factorial
from sage.combinat.sf.sfa import SymmetricFunctionAlgebra_generic
from sage.rings.integer import Integer
from sage.rings.integer_ring import ZZ

from sage_hcsf.fiber_types.counts import (
    counting_arguments,
    fiber_type_counts,
    partition_from_tuple,
)
from sage_hcsf.fiber_types.progress import checked_progress
from sage_hcsf.graphs.graph_data import GraphData, as_graph_data
from sage_hcsf.graphs.trees import forest_parent_arrays
from sage_hcsf.kernels.tree_cuts import (
    tree_cut_counts,
    tree_functional,
    tree_functional_residues,
)
from sage_hcsf.settings import budget_for_call, checked_integer, non_negative_integer, refusal
from sage_hcsf.symmetric_functions.bases import resolve_basis
from sage_hcsf.symmetric_functions.expansion import symmetric_function_from_fiber_counts


def chromatic_symmetric_function(G, R=None, basis="p", algorithm="auto", memory_budget=None, *,
                                 progress=None):
    r"""
    Return Stanley's chromatic symmetric function `X_G`.

    .. MATH::

        X_G = \sum_{\pi} \widetilde{m}_{\mathrm{type}(\pi)},

    the sum over stable set partitions `\pi` of `V(G)` [Sta1995]_.

    INPUT:

    - ``G`` -- a graph in any accepted form
    - ``R``, ``basis`` -- as in :func:`h_chromatic_symmetric_function`
    - ``algorithm`` -- ``"auto"`` (default: a forest by
      :func:`~sage_hcsf.symmetric_functions.stanley.forest_chromatic_symmetric_function`, any
      other graph through `X_G^{K_n}`), or the name of an engine of
      :func:`~sage_hcsf.fiber_types.counts.fiber_type_counts` (``"dp"``,
      ``"enumerate"``, ...), which computes `X_G^{K_n}` with that engine
      for every graph, forests included
    - ``memory_budget``, ``progress`` -- as in :func:`h_chromatic_symmetric_function`

    OUTPUT: a symmetric function, equal to Sage's
    ``G.chromatic_symmetric_function()`` in the same basis (``0`` if ``G``
    has a loop: no colouring is proper)

    ALGORITHM:

    A forest: `X_G = \sum_{S \subseteq E(G)} (-1)^{|S|} p_{\lambda(S)}`,
    the edge sets counted by the sizes of their components with a rooted
    DP (:mod:`sage_hcsf.kernels.tree_cuts`); a tree on 40 vertices takes a fraction
    of a second.

    Any other graph: from `X_G^{K_n}`, `n = |V(G)|`. The coefficient of
    `\widetilde{m}_\lambda` in `X_G^{K_n}` is `(n)_{\ell(\lambda)}` times
    that in `X_G`, since a proper colouring with `\ell` colour classes is a
    stable partition together with an injective labelling of its blocks by
    the vertices of `K_n`. The DP of :mod:`sage_hcsf.kernels.fiber_dp`: the target
    `K_n` is a single twin class, so a state is a set partition of the
    frontier with fiber sizes, up to relabelling colours.

    EXAMPLES::

        sage: from sage_hcsf import chromatic_symmetric_function
        sage: G = graphs.PathGraph(3)
        sage: chromatic_symmetric_function(G)
        p[1, 1, 1] - 2*p[2, 1] + p[3]
        sage: chromatic_symmetric_function(G) == G.chromatic_symmetric_function()
        True
        sage: chromatic_symmetric_function(graphs.ClawGraph(), basis="e")
        e[2, 1, 1] - 2*e[2, 2] + 5*e[3, 1] + 4*e[4]

    A forest takes the fast path; ``algorithm="dp"`` forces the route
    through `X_G^{K_n}`::

        sage: T = graphs.RandomTree(16, seed=5)
        sage: chromatic_symmetric_function(T) == chromatic_symmetric_function(T, algorithm="dp")
        True

    A loop leaves no proper colouring, as in Sage::

        sage: G = Graph([(0, 0), (0, 1)], loops=True)
        sage: chromatic_symmetric_function(G), G.chromatic_symmetric_function()
        (0, 0)
    """
    target = resolve_basis(R, basis)
    data, _, _, memory_budget = counting_arguments(G, G, algorithm, memory_budget)
    checked_progress(progress)
    if any(data.loops):
        return target.zero()
    if algorithm == "auto" and forest_parent_arrays(data) is not None:
        return forest_chromatic_symmetric_function(data, None, target, memory_budget)
    n = data.order()
    complete = GraphData(tuple(tuple(j for j in range(n) if j != i) for i in range(n)),
                         (False,) * n, tuple(range(n)))
    counts = fiber_type_counts(data, complete, algorithm, memory_budget=memory_budget,
                               progress=progress)
    stable = {la: c // falling_factorial(n, len(la)) for la, c in counts.items()}
    return symmetric_function_from_fiber_counts(stable, None, target, memory_budget)


# The default modulus of the functionals: a Mersenne prime, reduced without division.
P61 = (1 << 61) - 1


def forest_cut_counts(G, memory_budget=None):
    r"""
    Return the number of edge sets of a forest whose components have sizes
    `\lambda`, for every `\lambda`.

    INPUT:

    - ``G`` -- a forest in any accepted form; each tree on at most 128
      vertices
    - ``memory_budget`` -- bytes or ``None`` (default:
      :func:`~sage_hcsf.settings.memory_budget`); the most the tables of
      one tree may hold

    OUTPUT: a dictionary ``{weakly decreasing tuple: int}``, the nonzero
    counts in increasing order; ``{(): 1}`` for the empty graph

    ALGORITHM:

    :func:`~sage_hcsf.kernels.tree_cuts.tree_cut_counts` on each tree; the counts
    of a forest are the products of those of its trees (edge sets of
    different trees are chosen independently).

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.stanley import forest_cut_counts
        sage: forest_cut_counts(graphs.PathGraph(3))
        {(1, 1, 1): 1, (2, 1): 2, (3,): 1}
        sage: forest_cut_counts([(0, 1), (2, 3)])
        {(1, 1, 1, 1): 1, (2, 1, 1): 2, (2, 2): 1}
        sage: forest_cut_counts(Graph())
        {(): 1}

    TESTS::

        sage: forest_cut_counts(graphs.CycleGraph(3))
        Traceback (most recent call last):
        ...
        ValueError: G must be a forest (a graph without cycles or loops); use chromatic_symmetric_function for other graphs
        sage: forest_cut_counts(graphs.StarGraph(200))
        Traceback (most recent call last):
        ...
        ValueError: tree_cut_counts takes trees on 1 to 128 vertices; got 201
    """
    budget = budget_for_call(memory_budget)
    components = forest_parent_arrays(G)
    if components is None:
        raise ValueError("G must be a forest (a graph without cycles or loops); use "
                         "chromatic_symmetric_function for other graphs")
    counts = {(): 1}
    for parents in components:
        tree = tree_cut_counts(parents, budget)
        if len(counts) == 1 == counts.get((), 0):  # the first tree: nothing to multiply
            counts = tree
            continue
        product = {}
        for la, c in counts.items():
            for mu, d in tree.items():
                key = tuple(sorted(la + mu, reverse=True))
                product[key] = product.get(key, 0) + c * d
        counts = product
    return dict(sorted(counts.items()))


def forest_chromatic_symmetric_function(G, R=None, basis="p", memory_budget=None):
    r"""
    Return Stanley's chromatic symmetric function `X_G` of a forest.

    .. MATH::

        X_G = \sum_{S \subseteq E(G)} (-1)^{|S|} p_{\lambda(S)}
        = \sum_\lambda (-1)^{n - \ell(\lambda)}\, c_\lambda(G)\, p_\lambda,

    `c_\lambda(G)` the number of edge sets whose components have sizes
    `\lambda` [Sta1995]_.

    INPUT:

    - ``G`` -- a graph in any accepted form; a forest (each tree on at
      most 128 vertices) takes the fast path, any other graph the general
      one (:func:`~sage_hcsf.symmetric_functions.stanley.chromatic_symmetric_function`)
    - ``R``, ``basis`` -- as in
      :func:`~sage_hcsf.symmetric_functions.h_chromatic.h_chromatic_symmetric_function`
    - ``memory_budget`` -- bytes or ``None`` (default:
      :func:`~sage_hcsf.settings.memory_budget`)

    OUTPUT: a symmetric function, equal to Sage's
    ``G.chromatic_symmetric_function()`` in the same basis

    ALGORITHM:

    :func:`forest_cut_counts`, then the signs; bases other than `p` by
    Sage's change of basis from `p`.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.stanley import forest_chromatic_symmetric_function
        sage: P3 = graphs.PathGraph(3)
        sage: forest_chromatic_symmetric_function(P3)
        p[1, 1, 1] - 2*p[2, 1] + p[3]
        sage: forest_chromatic_symmetric_function(P3, basis="m")
        6*m[1, 1, 1] + m[2, 1]
        sage: forest_chromatic_symmetric_function(P3, R=QQ['t'], basis="s").parent()
        Symmetric Functions over Univariate Polynomial Ring in t over Rational Field in the Schur basis

    TESTS:

    Forests of several trees, the empty graph; any other graph goes the
    general way, and a loop leaves no proper colouring::

        sage: F = graphs.PathGraph(3).disjoint_union(graphs.StarGraph(3))
        sage: forest_chromatic_symmetric_function(F) == F.chromatic_symmetric_function()
        True
        sage: forest_chromatic_symmetric_function(Graph())
        p[]
        sage: C5 = graphs.CycleGraph(5)
        sage: forest_chromatic_symmetric_function(C5) == C5.chromatic_symmetric_function()
        True
        sage: forest_chromatic_symmetric_function(Graph([(0, 0), (0, 1)], loops=True))
        0
    """
    from sage_hcsf.symmetric_functions.bases import resolve_basis
    from sage_hcsf.symmetric_functions.stanley import chromatic_symmetric_function
    target = resolve_basis(R, basis)
    data = as_graph_data(G, "G")
    memory_budget = budget_for_call(memory_budget)
    if forest_parent_arrays(data) is None:
        return chromatic_symmetric_function(data, None, target, "auto", memory_budget)
    n = data.order()
    p = target.realization_of().p()
    ring = target.base_ring()
    X = p._from_dict({partition_from_tuple(la): ring(c if (n - len(la)) % 2 == 0 else -c)
                      for la, c in forest_cut_counts(data, memory_budget).items()})
    return X if target == p else target(X)


def csf_weights(n, seed=0, prime=P61):
    r"""
    Return the weights `w_1, \ldots, w_n` of the functional of seed ``seed``
    modulo ``prime``, as a list ``[0, w_1, ..., w_n]``.

    `w_k` is a hash of ``(seed, k)`` reduced into `1 .. \mathrm{prime} - 1`:
    it does not depend on `n`, on the Python version or on the machine.

    INPUT:

    - ``n`` -- a nonnegative integer
    - ``seed`` -- an integer `\ge 0` (default: 0), as ``verify --seed``
    - ``prime`` -- a prime below `2^{62}` (default: `2^{61} - 1`)

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.stanley import csf_weights
        sage: w = csf_weights(3); len(w), w[0], all(0 < x < 2^61 - 1 for x in w[1:])
        (4, 0, True)
        sage: csf_weights(5)[:4] == w, csf_weights(3, seed=1) != w
        (True, True)

    TESTS::

        sage: csf_weights(3, prime=91)
        Traceback (most recent call last):
        ...
        ValueError: prime must be a prime below 2^62; got 91
        sage: csf_weights(3, seed="abc")
        Traceback (most recent call last):
        ...
        TypeError: seed must be an integer >= 0; got 'abc' (str)
    """
    n = non_negative_integer("n", n)
    seed = non_negative_integer("seed", seed)
    prime = _checked_prime(prime)
    weights = [0]
    for k in range(1, n + 1):
        digest = hashlib.blake2b(f"sage_hcsf csf weight {seed} {k}".encode(), digest_size=16)
        weights.append(1 + int.from_bytes(digest.digest(), "big") % (prime - 1))
    return weights


def _checked_prime(prime):
    r"""
    Return ``prime`` as an :class:`Integer`, or raise ``ValueError`` if it
    is not a prime below `2^{62}`.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.stanley import _checked_prime
        sage: _checked_prime(101)
        101
        sage: _checked_prime(2^62 + 135)
        Traceback (most recent call last):
        ...
        ValueError: prime must be a prime below 2^62; got 4611686018427388039
        sage: _checked_prime(101.0)
        Traceback (most recent call last):
        ...
        TypeError: prime must be a prime below 2^62; got 101.000000000000 (RealLiteral)
    """
    accepts = "a prime below 2^62"
    prime = checked_integer("prime", prime, 2, most=2**62 - 1, accepts=accepts)
    if not Integer(prime).is_prime():
        raise refusal("prime", accepts, prime, ValueError)
    return Integer(prime)


def csf_functional(G, seed=0, prime=P61):
    r"""
    Return the linear functional `p_k \mapsto w_k` of `X_G`, modulo ``prime``.

    .. MATH::

        \Phi_w(X_G) = \sum_\lambda [p_\lambda] X_G \prod_i w_{\lambda_i}
        = \sum_{S \subseteq E(G)} (-1)^{|S|} \prod_{C} w_{|C|}
        \pmod{\mathrm{prime}},

    the product over the components `C` of `(V(G), S)`, with the weights
    :func:`csf_weights` of ``seed``. It is a function of `X_G`: forests
    with different values have different chromatic symmetric functions
    (equal values prove nothing). For a fixed `X \ne X'`, a random choice
    of weights separates them with probability at least
    `1 - n/\mathrm{prime}` (Schwartz--Zippel: the difference is a nonzero
    polynomial of degree at most `n` in the weights).

    INPUT:

    - ``G`` -- a graph in any accepted form; a forest takes the fast path,
      any other graph goes through its exact `X_G`
      (:func:`csf_functional_from_csf`)
    - ``seed`` -- an integer `\ge 0` (default: 0), as ``verify --seed``
    - ``prime`` -- a prime below `2^{62}` (default: `2^{61} - 1`, the fastest)

    OUTPUT: an :class:`Integer` in ``range(prime)``

    ALGORITHM:

    For each tree, the rooted DP of
    :func:`~sage_hcsf.kernels.tree_cuts.tree_functional` over the size of the
    root's component, `O(n^2)`; the values of the trees of a forest
    multiply.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.stanley import csf_functional, csf_functional_from_csf
        sage: from sage_hcsf import chromatic_symmetric_function
        sage: T = graphs.RandomTree(12, seed=3)
        sage: csf_functional(T) == csf_functional_from_csf(chromatic_symmetric_function(T))
        True
        sage: csf_functional(T, seed=7, prime=1009) in range(1009)
        True

    Other seeds give other weights, hence other functionals::

        sage: csf_functional(T, seed=1) != csf_functional(T, seed=2)
        True

    TESTS:

    A forest, the empty graph, a graph with a cycle, a loop::

        sage: F = [(0, 1), (1, 2), (3, 4)]
        sage: csf_functional(F) == csf_functional_from_csf(chromatic_symmetric_function(F))
        True
        sage: csf_functional(Graph())
        1
        sage: C4 = graphs.CycleGraph(4)
        sage: csf_functional(C4) == csf_functional_from_csf(C4.chromatic_symmetric_function())
        True
        sage: csf_functional(Graph([(0, 0)], loops=True))
        0
    """
    seed = non_negative_integer("seed", seed)
    prime = _checked_prime(prime)
    components = forest_parent_arrays(G)
    if components is None:
        from sage_hcsf.symmetric_functions.stanley import chromatic_symmetric_function
        return csf_functional_from_csf(chromatic_symmetric_function(G), seed, prime)
    weights = csf_weights(max(map(len, components), default=0), seed, prime)
    value = 1
    for parents in components:
        value = value * tree_functional(parents, weights, prime) % prime
    return Integer(value % prime)


def csf_functional_from_csf(X, seed=0, prime=P61):
    r"""
    Return the functional of :func:`csf_functional`, read off a symmetric
    function: `\sum_\lambda [p_\lambda] X \prod_i w_{\lambda_i}` modulo
    ``prime``.

    This is the soundness check of :func:`csf_functional`: both must agree
    on every forest.

    INPUT:

    - ``X`` -- an element of any basis of ``SymmetricFunctions(R)``, with
      integer coefficients in the power-sum basis
    - ``seed``, ``prime`` -- as in :func:`csf_functional`

    OUTPUT: an :class:`Integer` in ``range(prime)``

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.stanley import csf_functional, csf_functional_from_csf, csf_weights
        sage: p = SymmetricFunctions(ZZ).p()
        sage: w = csf_weights(3, prime=101)
        sage: csf_functional_from_csf(p[2, 1] - 3*p[3], prime=101) == (w[2] * w[1] - 3 * w[3]) % 101
        True
        sage: X = graphs.ClawGraph().chromatic_symmetric_function()
        sage: s = SymmetricFunctions(QQ).s()
        sage: csf_functional_from_csf(s(X)) == csf_functional_from_csf(X) == csf_functional(graphs.ClawGraph())
        True

    TESTS::

        sage: csf_functional_from_csf(p.zero()), csf_functional_from_csf(p.one())
        (0, 1)
        sage: csf_functional_from_csf(SymmetricFunctions(QQ).p()[1] / 2)
        Traceback (most recent call last):
        ...
        ValueError: X must have integer coefficients in the power-sum basis; got 1/2 at p[1]
        sage: csf_functional_from_csf("p[1]")
        Traceback (most recent call last):
        ...
        TypeError: X must be a symmetric function (an element of a basis of SymmetricFunctions(R)); got 'p[1]' (str)
    """
    if not isinstance(X, SymmetricFunctionAlgebra_generic.Element):
        raise refusal("X", "a symmetric function (an element of a basis of "
                      "SymmetricFunctions(R))", X)
    seed = non_negative_integer("seed", seed)
    prime = _checked_prime(prime)
    basis = X.parent()
    ring = basis.base_ring()
    if not ring.is_field():  # Sage changes basis to p over a field only
        basis = basis.change_ring(ring.fraction_field())
    in_p = basis.realization_of().p()(basis(X))
    terms = list(in_p.monomial_coefficients().items())
    weights = csf_weights(max((max(la, default=0) for la, _ in terms), default=0), seed, prime)
    value = 0
    for la, c in terms:
        try:
            c = ZZ(c)
        except TypeError:
            raise ValueError("X must have integer coefficients in the power-sum basis; "
                             f"got {c} at p{list(la)}") from None
        for part in la:
            c = c * weights[part] % prime
        value += c
    return Integer(value % prime)


def csf_functional_residues(text, seed=0, prime=P61):
    r"""
    Return :func:`csf_functional` of every tree of a parent-array text, as
    ``gentreeg -p`` writes it.

    INPUT:

    - ``text`` -- bytes: one tree on at most 64 vertices a line, the
      parents of the vertices `1..n` (`0` for the root `1`), every parent
      before its children
    - ``seed``, ``prime`` -- as in :func:`csf_functional`

    OUTPUT: a list of Python integers, in the order of the lines

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.stanley import csf_functional, csf_functional_residues
        sage: csf_functional_residues(b"0 1 2 3\n0 1 1 1\n", seed=5) == [
        ....:     csf_functional(graphs.PathGraph(4), seed=5), csf_functional(graphs.StarGraph(3), seed=5)]
        True
    """
    if not isinstance(text, (bytes, bytearray)):
        raise refusal("text", "bytes (parent arrays, one tree a line, as gentreeg -p writes "
                      "them)", text)
    prime = _checked_prime(prime)
    return tree_functional_residues(text, csf_weights(64, seed, prime), prime)
