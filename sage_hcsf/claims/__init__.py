r"""
The published claims on H-chromatic symmetric functions, as checkers

Each ``check_*`` function tests one claim of [EFHKY2022]_ or [PL2025]_
(numbered as in the package's specification) on a stated range and
returns a :class:`~sage_hcsf.claims.registry.ClaimResult`: the claim, the
published range, the range checked here, the verdict, every counterexample
or coincidence found (as graph6 with a description) and the time taken.

The checkers live in one module per topic, as the tutorials:

- :mod:`~sage_hcsf.claims.distinguishability` -- claims 1-5, what the
  self-CSF distinguishes (trees, forests, spiders, caterpillars);
- :mod:`~sage_hcsf.claims.stars` -- claim 6, p-monotonicity for stars;
- :mod:`~sage_hcsf.claims.bases` -- claims 7-10, bases of `\Lambda^n`;
- :mod:`~sage_hcsf.claims.polynomial` -- claim 11, H-chromatic polynomials.

A checker is registered by the :func:`~sage_hcsf.claims.registry.claim`
decorator on its definition, the one place a claim is declared;
:data:`CLAIMS` is the table, :func:`run_claims` runs them and
``sage-hcsf reproduce`` prints the report.

EXAMPLES::

    sage: from sage_hcsf.claims import CLAIMS, run_claims
    sage: sorted(CLAIMS) == list(range(1, len(CLAIMS) + 1))   # numbered from 1, no gap
    True
    sage: [(r.number, r.verdict) for r in run_claims([2, 10], progress=False)]
    [(2, 'reproduced: exactly one exception'), (10, 'holds')]
"""
from sage_hcsf.claims import bases, distinguishability, polynomial, stars  # noqa: F401  register
from sage_hcsf.claims.registry import (CLAIMS, Claim, ClaimResult, claim, claim_numbers,
                                       counts_key, describe, run_claims)

__all__ = ["CLAIMS", "Claim", "ClaimResult", "claim", "claim_numbers", "counts_key", "describe",
           "run_claims"]
