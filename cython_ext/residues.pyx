# cython: language_level=3
r"""
Exact counts from residues: the moduli and the Chinese remainder theorem

The DP kernel (:mod:`sage_hcsf.kernels.fiber_dp`) keeps each count modulo
`2^{64}` (unsigned wrap-around, written as the modulus ``0``) and modulo
primes below `2^{55}`; this module chooses the moduli for an upper bound of
the counts (:func:`moduli_for_bound`) and rebuilds a count from its
residues by Garner's algorithm (:func:`_crt_plan`, :func:`_crt`). The
residue arithmetic of the hot loop, ``target += factor * source``, is the
inline :func:`add_scaled` of ``residues.pxd``.

EXAMPLES::

    sage: from sage_hcsf.kernels.residues import _crt, _crt_plan, moduli_for_bound
    sage: moduli = moduli_for_bound(10**30); moduli[0], len(moduli)
    (0, 2)
    sage: _crt([10**30 % (m or 2^64) for m in moduli], _crt_plan(moduli)) == 10**30
    True
"""


def moduli_for_bound(bound):
    r"""
    Return moduli whose product exceeds ``bound``: ``0`` stands for `2^{64}`,
    then primes below `2^{55}` in decreasing order.

    INPUT:

    - ``bound`` -- a nonnegative integer

    OUTPUT: a list of Python integers

    EXAMPLES::

        sage: from sage_hcsf.kernels.residues import moduli_for_bound
        sage: moduli_for_bound(10)
        [0]
        sage: ms = moduli_for_bound(3**200); len(ms)
        6
        sage: all(is_prime(p) and p < 2^55 for p in ms[1:])
        True
        sage: prod(ms[1:]) * 2^64 > 3**200
        True
    """
    moduli = [0]
    product = 1 << 64
    while product <= bound:
        if len(moduli) > len(_PRIMES):
            candidate = _PRIMES[len(_PRIMES) - 1] - 2 if _PRIMES else (1 << 55) - 1
            while not _is_prime(candidate):
                candidate -= 2
            _PRIMES.append(candidate)
        moduli.append(_PRIMES[len(moduli) - 1])
        product *= moduli[len(moduli) - 1]
    return moduli


_PRIMES = []  # the primes below 2^55 found so far, decreasing


def _is_prime(n):
    r"""
    Deterministic Miller-Rabin for `n < 3.3 \cdot 10^{24}`.

    EXAMPLES::

        sage: from sage_hcsf.kernels.residues import _is_prime
        sage: [p for p in range(30) if _is_prime(p)] == prime_range(30)
        True
        sage: _is_prime(2^61 - 1), _is_prime(2^62 - 1)
        (True, False)
    """
    if n < 2:
        return False
    small = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41)
    for p in small:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for a in small:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def _crt_plan(moduli):
    r"""
    Return Garner's constants for ``moduli`` (``0`` stands for `2^{64}`):
    a list of ``(m, product of the previous moduli, its inverse mod m)``.

    EXAMPLES::

        sage: from sage_hcsf.kernels.residues import _crt_plan
        sage: _crt_plan([0, 7])
        [(18446744073709551616, 1, 1), (7, 18446744073709551616, 4)]
    """
    plan, product = [], 1
    for m in moduli:
        m = m or (1 << 64)
        plan.append((m, product, pow(product, -1, m)))
        product *= m
    return plan


def _crt(residues, plan):
    r"""
    Return the least nonnegative integer with the given residues modulo the
    moduli of ``plan`` (see :func:`_crt_plan`).

    EXAMPLES::

        sage: from sage_hcsf.kernels.residues import _crt, _crt_plan, moduli_for_bound
        sage: ms = moduli_for_bound(10**40)
        sage: x = 10**40 - 17
        sage: _crt([x % (m or 2^64) for m in ms], _crt_plan(ms)) == x
        True
    """
    value = 0
    for r, (m, product, inverse) in zip(residues, plan):
        value += product * (((r - value) * inverse) % m)  # value + product*t = r (mod m)
    return value
