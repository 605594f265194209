r"""
From fiber-type counts to a symmetric function

`X_G^H = \sum_\lambda N_\lambda(G, H)\, \widetilde m_\lambda`: this module
expands the augmented monomials `\widetilde m_\lambda = r_1! r_2! \cdots
m_\lambda` in the power sums (:func:`augmented_monomial_power_sum_expansion`,
a C kernel over set partitions, cached within a memory budget) and builds the
element of ``SymmetricFunctions(R)`` in the basis asked for
(:func:`symmetric_function_from_fiber_counts`).

EXAMPLES::

    sage: from sage_hcsf.symmetric_functions.expansion import symmetric_function_from_fiber_counts
    sage: symmetric_function_from_fiber_counts({(1, 1, 1): 2, (2, 1): 4})
    2*p[1, 1, 1] - 2*p[2, 1]
    sage: symmetric_function_from_fiber_counts({(1, 1, 1): 2, (2, 1): 4}, basis="m")
    12*m[1, 1, 1] + 4*m[2, 1]
"""

from collections import OrderedDict
from math import factorial

from sage_hcsf.errors import MemoryBudgetExceeded, format_bytes
from sage_hcsf.fiber_types.counts import partition_from_tuple
from sage_hcsf.kernels.power_sums import block_sums, insert_part
from sage_hcsf.settings import budget_for_call
from sage_hcsf.symmetric_functions.bases import resolve_basis

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

        sage: from sage_hcsf.symmetric_functions.expansion import expansion_state_bytes
        sage: expansion_state_bytes(15)
        188
    """
    return 128 + 4 * length


class _BoundedCache:
    r"""
    A least-recently-used cache whose entries declare their size in bytes;
    it never holds more than the limit given with each insertion.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.expansion import _BoundedCache
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

            sage: from sage_hcsf.symmetric_functions.expansion import _BoundedCache
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

            sage: from sage_hcsf.symmetric_functions.expansion import _BoundedCache
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

            sage: from sage_hcsf.symmetric_functions.expansion import _BoundedCache
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
    :func:`~sage_hcsf.settings.memory_budget`.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.expansion import clear_power_sum_cache, power_sum_cache_bytes, augmented_monomial_power_sum_expansion
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

        sage: from sage_hcsf.symmetric_functions.expansion import clear_power_sum_cache, power_sum_cache_bytes
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
      :func:`~sage_hcsf.settings.memory_budget`); the most the states
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

        sage: from sage_hcsf.symmetric_functions.expansion import augmented_monomial_power_sum_expansion
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
    Return the states of :func:`~sage_hcsf.kernels.power_sums.insert_part` after
    inserting ``parts`` (weakly increasing), starting from the longest
    cached prefix; the states may take ``budget`` bytes.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.expansion import _block_states
        sage: from sage_hcsf.kernels.power_sums import block_sums
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
                "raise it with sage_hcsf.memory_budget(bytes) or the argument "
                "memory_budget=, or ask for another basis than p") from None
        _CACHE.put(("states", parts[:length]), states, len(states) * per_state,
                   budget // CACHE_SHARE)
    return states


def _multiplicity_factorial(la):
    r"""
    Return `r_1! r_2! \cdots` for the partition ``la``: the factor between
    `\widetilde{m}_\lambda` and `m_\lambda`.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.expansion import _multiplicity_factorial
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
      :func:`~sage_hcsf.settings.memory_budget`); for the power-sum
      expansion

    OUTPUT: an element of that basis

    The power-sum expansion is computed exactly over ``R`` from
    :func:`augmented_monomial_power_sum_expansion`; other bases are reached
    from the monomial basis, where the coefficients `N_\lambda r_1! r_2!
    \cdots` are integers too.

    EXAMPLES::

        sage: from sage_hcsf.symmetric_functions.expansion import symmetric_function_from_fiber_counts
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
