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
import contextlib
import os
from collections import OrderedDict
from math import factorial

from sage.arith.misc import falling_factorial
from sage.categories.commutative_rings import CommutativeRings
from sage.combinat.sf.sf import SymmetricFunctions
from sage.combinat.sf.sfa import SymmetricFunctionAlgebra_generic
from sage.rings.integer_ring import ZZ
from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing

from sage_hcsf.fiber_dp import MemoryBudgetExceeded, format_bytes
from sage_hcsf.fiber_types import budget_for_call, fiber_type_counts, partition_from_tuple
from sage_hcsf.graph_data import GraphData, as_graph_data
from sage_hcsf.power_sums import block_sums, insert_part
from sage_hcsf.tree_csf import forest_chromatic_symmetric_function, forest_parent_arrays

# The cache of insertion states keeps at most this fraction of the memory budget.
CACHE_SHARE = 8


def expansion_state_bytes(length):
    r"""
    Return the bytes a state of the power-sum expansion of a partition of
    ``length`` parts costs at most, held in a Python dictionary: a key of 4
    bytes a block (at most ``length`` blocks) plus the ``bytes`` header, an
    exact integer weight, and the dictionary's slot (measured: about 125
    bytes a state for 15 parts).

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions import expansion_state_bytes
        sage: expansion_state_bytes(15)
        188
    """
    return 128 + 4 * length


class _BoundedCache:
    r"""
    A least-recently-used cache whose entries declare their size in bytes;
    it never holds more than the limit given with each insertion.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions import _BoundedCache
        sage: cache = _BoundedCache()
        sage: cache.put("a", 1, 60, 100); cache.put("b", 2, 60, 100)
        sage: cache.get("a"), cache.get("b"), cache.nbytes
        (None, 2, 60)
    """
    def __init__(self):
        self.entries = OrderedDict()
        self.nbytes = 0

    def get(self, key):
        r"""
        Return the value of ``key`` (and mark it recently used), or ``None``.

        EXAMPLES::

            sage: from sage_hcsf.symmetric_functions import _BoundedCache
            sage: _BoundedCache().get("a") is None
            True
        """
        entry = self.entries.get(key)
        if entry is None:
            return None
        self.entries.move_to_end(key)
        return entry[0]

    def put(self, key, value, nbytes, limit):
        r"""
        Keep ``value`` (of ``nbytes`` bytes) under ``key``, dropping the least
        recently used entries to stay within ``limit`` bytes; a value larger
        than ``limit`` is not kept.

        EXAMPLES::

            sage: from sage_hcsf.symmetric_functions import _BoundedCache
            sage: cache = _BoundedCache(); cache.put("a", 1, 200, 100); cache.nbytes
            0
        """
        if key in self.entries:
            self.nbytes -= self.entries.pop(key)[1]
        if nbytes > limit:
            return
        self.entries[key] = (value, nbytes)
        self.nbytes += nbytes
        while self.nbytes > limit:
            self.nbytes -= self.entries.popitem(last=False)[1][1]

    def clear(self):
        r"""
        Drop every entry.

        EXAMPLES::

            sage: from sage_hcsf.symmetric_functions import _BoundedCache
            sage: cache = _BoundedCache(); cache.put("a", 1, 10, 100); cache.clear(); cache.nbytes
            0
        """
        self.entries.clear()
        self.nbytes = 0


_CACHE = _BoundedCache()


def clear_power_sum_cache():
    r"""
    Empty the cache of :func:`augmented_monomial_power_sum_expansion`;
    return the bytes it held (estimated as in :func:`expansion_state_bytes`).

    The cache keeps the insertion states of recent prefixes of partitions
    and recent expansions, at most an eighth of
    :func:`~sage_hcsf.fiber_types.memory_budget`.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions import (clear_power_sum_cache,
        ....:     power_sum_cache_bytes, augmented_monomial_power_sum_expansion)
        sage: _ = augmented_monomial_power_sum_expansion((3, 2, 1))
        sage: power_sum_cache_bytes() > 0
        True
        sage: clear_power_sum_cache() > 0, power_sum_cache_bytes()
        (True, 0)
    """
    held = _CACHE.nbytes
    _CACHE.clear()
    return held


def power_sum_cache_bytes():
    r"""
    Return the bytes held by the cache of
    :func:`augmented_monomial_power_sum_expansion` (an estimate, as in
    :func:`expansion_state_bytes`).

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions import clear_power_sum_cache, power_sum_cache_bytes
        sage: _ = clear_power_sum_cache(); power_sum_cache_bytes()
        0
    """
    return _CACHE.nbytes


def augmented_monomial_power_sum_expansion(la, memory_budget=None):
    r"""
    Return the expansion of `\widetilde{m}_\lambda` in power sums.

    .. MATH::

        \widetilde{m}_\lambda = \sum_{\sigma} \prod_{B \in \sigma}
        (-1)^{|B|-1} (|B|-1)!\; p_{(\sum_{i \in B} \lambda_i)_{B \in \sigma}},

    the sum over set partitions `\sigma` of the parts of `\lambda` (Moebius
    inversion on the set-partition lattice, [Sta1995]_ 2.3). The
    coefficients are integers.

    INPUT:

    - ``la`` -- a partition, as a tuple of positive integers (or a
      :class:`Partition`); `|\lambda| \le 65535`
    - ``memory_budget`` -- bytes or ``None`` (default:
      :func:`~sage_hcsf.fiber_types.memory_budget`); the most the states
      (and the cache) may take

    OUTPUT: a new dictionary ``{partition tuple: int}``, in increasing order

    ALGORITHM:

    Insert the parts one at a time, smallest first, into blocks. A state is
    the multiset of blocks ``(sum, size)``; a new part opens a block
    (factor 1) or joins a block of size `z` (factor `-z`, since
    `(-1)^z z! = -z \cdot (-1)^{z-1}(z-1)!`). States with the same multiset
    are merged, so the work is far below the Bell number of
    `\ell(\lambda)`. The states after recent prefixes of parts are kept in
    a bounded cache (:func:`clear_power_sum_cache`): partitions of the same
    size share their prefixes (all of degree 20 takes about a second).

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

    TESTS:

    The result is the caller's to change::

        sage: augmented_monomial_power_sum_expansion((2, 1))[(3,)] = 5
        sage: augmented_monomial_power_sum_expansion((2, 1))
        {(2, 1): 1, (3,): -1}
        sage: augmented_monomial_power_sum_expansion((1,) * 30, memory_budget=10^6)
        Traceback (most recent call last):
        ...
        MemoryBudgetExceeded: the power-sum expansion of an augmented monomial of 30 parts needs more than its memory budget of 1.0 MB ...
        sage: augmented_monomial_power_sum_expansion((40000, 40000))
        Traceback (most recent call last):
        ...
        ValueError: block sums must stay below 65536; the parts sum to 80000
    """
    parts = tuple(sorted(int(part) for part in la))
    budget = budget_for_call(memory_budget)
    key = ("expansion", parts)
    expansion = _CACHE.get(key)
    if expansion is None:
        expansion = {}
        for blocks, weight in _block_states(parts, budget).items():
            mu = block_sums(blocks)
            expansion[mu] = expansion.get(mu, 0) + weight
        expansion = {mu: c for mu, c in sorted(expansion.items()) if c}
        _CACHE.put(key, expansion, len(expansion) * expansion_state_bytes(len(parts)),
                   budget // CACHE_SHARE)
    return dict(expansion)


def _block_states(parts, budget):
    r"""
    Return the states of :func:`~sage_hcsf.power_sums.insert_part` after
    inserting ``parts`` (weakly increasing), starting from the longest
    cached prefix; the states may take ``budget`` bytes.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions import _block_states
        sage: from sage_hcsf.power_sums import block_sums
        sage: sorted((block_sums(k), w) for k, w in _block_states((1, 1), 10^6).items())
        [((1, 1), 1), ((2,), -1)]
    """
    done, states = 0, {b"": 1}
    for length in range(len(parts), 0, -1):
        cached = _CACHE.get(("states", parts[:length]))
        if cached is not None:
            done, states = length, cached
            break
    per_state = expansion_state_bytes(len(parts))
    for length in range(done + 1, len(parts) + 1):
        available = (budget - _CACHE.nbytes) // per_state - len(states)
        try:
            states = insert_part(states, parts[length - 1], max(available, 0))
        except MemoryBudgetExceeded:
            raise MemoryBudgetExceeded(
                f"the power-sum expansion of an augmented monomial of {len(parts)} parts "
                f"needs more than its memory budget of {format_bytes(budget)} (more than "
                f"{len(states) + max(available, 0)} states of about {per_state} bytes); "
                "raise it with sage_hcsf.fiber_types.memory_budget(bytes) or the argument "
                "memory_budget=, or ask for another basis than p") from None
        _CACHE.put(("states", parts[:length]), states, len(states) * per_state,
                   budget // CACHE_SHARE)
    return states


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


def symmetric_function_from_fiber_counts(counts, R=None, basis="p", memory_budget=None):
    r"""
    Return `\sum_\lambda N_\lambda \widetilde{m}_\lambda` in the requested basis.

    INPUT:

    - ``counts`` -- dictionary ``{partition: coefficient}``
    - ``R`` -- a commutative ring (default: ``ZZ``, or the base ring of
      ``basis`` when it is a basis object)
    - ``basis`` -- a basis name (see :func:`resolve_basis`) or any basis
      of :func:`SymmetricFunctions` (Macdonald, Jack, ...)
    - ``memory_budget`` -- bytes or ``None`` (default:
      :func:`~sage_hcsf.fiber_types.memory_budget`); for the power-sum
      expansion

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

    TESTS::

        sage: J = SymmetricFunctions(QQ['t']).jack().J()
        sage: symmetric_function_from_fiber_counts({Partition([2, 1]): 4}, basis=J)
        Traceback (most recent call last):
        ...
        TypeError: the change to Symmetric Functions over Univariate Polynomial Ring in t over Rational Field in the Jack J basis divides by elements of Univariate Polynomial Ring in t over Rational Field, which is not a field: take the basis over FractionField(Univariate Polynomial Ring in t over Rational Field) (for Jack polynomials, SymmetricFunctions(FractionField(QQ['t'])).jack().J())
        sage: J = SymmetricFunctions(FractionField(QQ['t'])).jack().J()
        sage: symmetric_function_from_fiber_counts({Partition([2, 1]): 4}, basis=J)
        -(4/(t+2))*JackJ[1, 1, 1] + (4/(t+2))*JackJ[2, 1]
    """
    target = resolve_basis(R, basis)
    Sym = target.realization_of()
    ring = target.base_ring()
    if target == Sym.p():
        terms = {}
        for la, c in counts.items():
            c = int(c)
            for mu, d in augmented_monomial_power_sum_expansion(la, memory_budget).items():
                terms[mu] = terms.get(mu, 0) + c * d
        return target._from_dict({partition_from_tuple(mu): ring(c)
                                  for mu, c in sorted(terms.items()) if c})
    m = Sym.m()
    element = m._from_dict({partition_from_tuple(la): m.base_ring()(int(c) * _multiplicity_factorial(tuple(la)))
                            for la, c in counts.items() if c})
    try:
        return target(element)
    except TypeError as error:
        if "unit denominator" not in str(error):
            raise
        raise TypeError(f"the change to {target} divides by elements of {ring}, which is not "
                        f"a field: take the basis over FractionField({ring}) (for Jack "
                        "polynomials, SymmetricFunctions(FractionField(QQ['t'])).jack().J())"
                        ) from None


# The names of SymmetricFunctions(R) that make a basis when called alone.
BASIS_NAMES = ("p", "m", "e", "h", "s", "f", "w", "o", "sp", "st", "ht", "forgotten",
               "elementary", "homogeneous", "monomial", "powersum", "schur", "witt",
               "orthogonal", "symplectic", "zonal", "irreducible_symmetric_group_character",
               "induced_trivial_character")


def resolve_basis(R, basis):
    r"""
    Return the basis ``basis`` (a name or a basis object) over ``R``.

    INPUT:

    - ``R`` -- a commutative ring, or ``None`` (``ZZ`` for a name; the
      basis' own ring for a basis object)
    - ``basis`` -- a name of :data:`BASIS_NAMES`, or any basis of
      :func:`SymmetricFunctions`, moved to ``R`` by its ``change_ring``

    OUTPUT: a basis of ``SymmetricFunctions(R)``

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions import resolve_basis
        sage: resolve_basis(None, "e")
        Symmetric Functions over Integer Ring in the elementary basis
        sage: resolve_basis(QQ, SymmetricFunctions(ZZ).s())
        Symmetric Functions over Rational Field in the Schur basis
        sage: P = SymmetricFunctions(FractionField(QQ['q', 't'])).macdonald().P()
        sage: resolve_basis(FractionField(QQ['q', 't', 'u']), P)
        Symmetric Functions over Fraction Field of Multivariate Polynomial Ring in q, t, u over Rational Field in the Macdonald P basis

    TESTS::

        sage: resolve_basis(None, "q")
        Traceback (most recent call last):
        ...
        ValueError: basis must be a basis of SymmetricFunctions: one of the names 'p', 'm', 'e', 'h', 's', ... or a basis object such as SymmetricFunctions(QQ).macdonald().P(); got 'q'
        sage: resolve_basis(None, None)
        Traceback (most recent call last):
        ...
        TypeError: basis must be a basis of SymmetricFunctions: one of the names 'p', 'm', 'e', 'h', 's', ... or a basis object such as SymmetricFunctions(QQ).macdonald().P(); got None
        sage: resolve_basis("QQ", "p")
        Traceback (most recent call last):
        ...
        TypeError: R must be a commutative ring such as ZZ, QQ or QQ['t']; got 'QQ' (a str)
        sage: resolve_basis(3, "p")
        Traceback (most recent call last):
        ...
        TypeError: R must be a commutative ring such as ZZ, QQ or QQ['t']; got 3 (a sage.rings.integer.Integer)
    """
    if R is not None and R not in CommutativeRings():
        kind = type(R).__name__ if type(R).__module__ == "builtins" else \
            f"{type(R).__module__}.{type(R).__name__}"
        raise TypeError(f"R must be a commutative ring such as ZZ, QQ or QQ['t']; got {R!r} "
                        f"(a {kind})")
    accepted = ("basis must be a basis of SymmetricFunctions: one of the names 'p', 'm', "
                "'e', 'h', 's', ... or a basis object such as "
                f"SymmetricFunctions(QQ).macdonald().P(); got {basis!r}")
    if isinstance(basis, str):
        if basis not in BASIS_NAMES:
            raise ValueError(accepted)
        return getattr(SymmetricFunctions(ZZ if R is None else R), basis)()
    if not isinstance(basis, SymmetricFunctionAlgebra_generic):
        raise TypeError(accepted)
    if R is not None and basis.base_ring() != R:
        return basis.change_ring(R)
    return basis


def h_chromatic_symmetric_function(G, H, R=None, basis="p", algorithm="auto", memory_budget=None):
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
    - ``R`` -- the base ring (default: ``ZZ``, or that of ``basis``)
    - ``basis`` -- ``"p"`` (default), ``"m"``, ``"e"``, ``"h"``, ``"s"``,
      ... or any basis object of :func:`SymmetricFunctions` (see
      :func:`resolve_basis`)
    - ``algorithm`` -- passed to :func:`~sage_hcsf.fiber_types.fiber_type_counts`
    - ``memory_budget`` -- bytes or ``None`` (default:
      :func:`~sage_hcsf.fiber_types.memory_budget`)

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

    Any basis, over any ring::

        sage: P = SymmetricFunctions(FractionField(QQ['q', 't'])).macdonald().P()
        sage: X = h_chromatic_symmetric_function(graphs.PathGraph(2), graphs.PathGraph(2),
        ....:                                    R=FractionField(QQ['q', 't', 'u']), basis=P)
        sage: X.parent()
        Symmetric Functions over Fraction Field of Multivariate Polynomial Ring in q, t, u over Rational Field in the Macdonald P basis
        sage: X == X.parent()(h_chromatic_symmetric_function(graphs.PathGraph(2), graphs.PathGraph(2)))
        True
        sage: h_chromatic_symmetric_function(graphs.PathGraph(2), graphs.PathGraph(2), R="QQ")
        Traceback (most recent call last):
        ...
        TypeError: R must be a commutative ring such as ZZ, QQ or QQ['t']; got 'QQ' (a str)
    """
    target = resolve_basis(R, basis)
    return symmetric_function_from_fiber_counts(
        fiber_type_counts(G, H, algorithm, memory_budget=memory_budget), None, target,
        memory_budget)


def self_chromatic_symmetric_function(G, R=None, basis="p", algorithm="auto", memory_budget=None,
                                      store=None):
    r"""
    Return the self-chromatic symmetric function `X_G^G`.

    INPUT:

    - ``G`` -- a graph in any accepted form
    - ``R``, ``basis``, ``algorithm``, ``memory_budget`` -- as in
      :func:`h_chromatic_symmetric_function`
    - ``store`` -- a :class:`~sage_hcsf.store.ResultStore`, a file name, or ``None``
      (default); the fiber-type counts of ``G`` are looked up there (by
      canonical form) instead of computed, and stored there when they are
      computed

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

    With a result store, a self-CSF is computed once::

        sage: from sage_hcsf.store import ResultStore
        sage: store = ResultStore(":memory:")
        sage: X = self_chromatic_symmetric_function(graphs.PetersenGraph(), store=store)
        sage: store.summary()["fiber counts"]
        1
        sage: self_chromatic_symmetric_function(graphs.PetersenGraph(), store=store) == X
        True
        sage: import os, tempfile
        sage: path = os.path.join(tempfile.mkdtemp(), "self.db")   # or a file name
        sage: self_chromatic_symmetric_function(graphs.PetersenGraph(), store=path) == X
        True
    """
    if store is None:
        return h_chromatic_symmetric_function(G, G, R, basis, algorithm, memory_budget)
    if isinstance(store, (str, os.PathLike)):   # a file name: open it for this call
        from sage_hcsf.store import ResultStore
        with contextlib.closing(ResultStore(os.fspath(store))) as opened:
            return self_chromatic_symmetric_function(G, R, basis, algorithm, memory_budget,
                                                     opened)
    counts = store.self_fiber_type_counts(G)
    if counts is None:
        counts = fiber_type_counts(G, G, algorithm, memory_budget=memory_budget)
        store.put_fiber_counts(G, counts, split=f"fiber_type_counts, algorithm={algorithm!r}")
    return symmetric_function_from_fiber_counts(counts, R, basis, memory_budget)


def chromatic_symmetric_function(G, R=None, basis="p", algorithm="auto", memory_budget=None):
    r"""
    Return Stanley's chromatic symmetric function `X_G`.

    .. MATH::

        X_G = \sum_{\pi} \widetilde{m}_{\mathrm{type}(\pi)},

    the sum over stable set partitions `\pi` of `V(G)` [Sta1995]_.

    INPUT:

    - ``G`` -- a graph in any accepted form
    - ``R``, ``basis`` -- as in :func:`h_chromatic_symmetric_function`
    - ``algorithm`` -- ``"auto"`` (default: a forest by
      :func:`~sage_hcsf.tree_csf.forest_chromatic_symmetric_function`, any
      other graph through `X_G^{K_n}`), or the name of an engine of
      :func:`~sage_hcsf.fiber_types.fiber_type_counts` (``"dp"``,
      ``"enumerate"``, ...), which computes `X_G^{K_n}` with that engine
      for every graph, forests included
    - ``memory_budget`` -- as in :func:`h_chromatic_symmetric_function`

    OUTPUT: a symmetric function, equal to Sage's
    ``G.chromatic_symmetric_function()`` in the same basis (``0`` if ``G``
    has a loop: no colouring is proper)

    ALGORITHM:

    A forest: `X_G = \sum_{S \subseteq E(G)} (-1)^{|S|} p_{\lambda(S)}`,
    the edge sets counted by the sizes of their components with a rooted
    DP (:mod:`sage_hcsf.tree_cuts`); a tree on 40 vertices takes a fraction
    of a second.

    Any other graph: from `X_G^{K_n}`, `n = |V(G)|`. The coefficient of
    `\widetilde{m}_\lambda` in `X_G^{K_n}` is `(n)_{\ell(\lambda)}` times
    that in `X_G`, since a proper colouring with `\ell` colour classes is a
    stable partition together with an injective labelling of its blocks by
    the vertices of `K_n`. The DP of :mod:`sage_hcsf.fiber_dp`: the target
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
    data = as_graph_data(G, "G")
    if any(data.loops):
        return target.zero()
    if algorithm == "auto" and forest_parent_arrays(data) is not None:
        return forest_chromatic_symmetric_function(data, None, target, memory_budget)
    n = data.order()
    complete = GraphData(tuple(tuple(j for j in range(n) if j != i) for i in range(n)),
                         (False,) * n, tuple(range(n)))
    counts = fiber_type_counts(data, complete, algorithm, memory_budget=memory_budget)
    stable = {la: c // falling_factorial(n, len(la)) for la, c in counts.items()}
    return symmetric_function_from_fiber_counts(stable, None, target, memory_budget)


def h_chromatic_polynomial(G, H, x=None, algorithm="auto", memory_budget=None):
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
    - ``algorithm``, ``memory_budget`` -- as in :func:`h_chromatic_symmetric_function`

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
    counts = fiber_type_counts(G, H, algorithm, memory_budget=memory_budget)
    return sum((c * falling_factorial(x, len(la)) for la, c in counts.items()),
               x.parent().zero() if hasattr(x, "parent") else 0)


def are_h_chromatically_equivalent(G1, G2, H, algorithm="auto", memory_budget=None):
    r"""
    Return whether `X_{G_1}^H = X_{G_2}^H`.

    Since the augmented monomials are a basis, this holds exactly when the
    fiber-type counts agree, which is what is compared.

    INPUT:

    - ``G1``, ``G2``, ``H`` -- graphs in any accepted form
    - ``algorithm``, ``memory_budget`` -- as in :func:`h_chromatic_symmetric_function`

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
    return (fiber_type_counts(G1, H, algorithm, memory_budget=memory_budget)
            == fiber_type_counts(G2, H, algorithm, memory_budget=memory_budget))

