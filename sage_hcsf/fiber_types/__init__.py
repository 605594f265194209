r"""
Fiber-type counts of graph homomorphisms

For graphs `G` and `H`, every homomorphism `\phi: G \to H` has a *fiber
type* `\lambda(\phi)`: the partition of `n = |V(G)|` formed by the sizes of
its nonempty fibers `\phi^{-1}(w)`. This module counts homomorphisms by
fiber type,

.. MATH::

    N_\lambda(G, H) = \#\{\phi \in \mathrm{Hom}(G, H) : \lambda(\phi) = \lambda\},

the data from which every H-chromatic invariant is computed [EFHKY2022]_.

The engines are the entries of :data:`ENGINES` (a new engine is one more
:func:`register_engine` call):

- ``"dp"`` -- engine II (``run_dp(G, H, engine=2)``, the default of
  :func:`run_dp`): dynamic programming along a vertex order of `G`
  (a path decomposition) over states (images of the frontier, fiber
  vector), with the twin classes of `H` folded into canonical forms, the
  vertices of `H` that no later vertex can reach forgotten into a
  histogram (the kernel's ``forget_dead``), and the work split by the
  orbits of `\mathrm{Aut}(H)` when that pays or memory is short
  (:func:`run_dp`, :func:`prefix_tasks`); :mod:`sage_hcsf.kernels.fiber_dp`.
- ``"dp1"`` -- engine I (``run_dp(G, H, engine=1)``), the same DP with
  twin classes only (the baseline of the benchmarks).
- ``"enumerate"`` -- depth-first enumeration of all homomorphisms with
  bitset candidate sets; :mod:`sage_hcsf.kernels.enumerate_homs`. It costs a step
  per partial map, uses nothing of the DP, and serves as the independent
  check.
- ``"auto"`` (default) -- asks the engines with an ``offer`` (see
  :class:`Engine`), in the order of :data:`ENGINES`: counts the
  homomorphisms with the DP (cheap: scalar states), enumerates when there
  are few, and runs the DP when there are many or the enumeration meets
  too many dead ends; where the DP cannot go (a frontier wider than 56,
  its memory budget: :data:`BEYOND_AN_ENGINE`), it enumerates. Any other
  error (say :class:`InconsistentCounts`) propagates.

Before an engine runs, the input is normalised: the empty graph and the
empty target are answered at once; a homomorphism count is the product of
the counts of the connected components of `G` (an isolated vertex has
`|V(H)|` images, or as many as `H` has loops if it has one); a target with
more than 255 vertices (more than the kernels take) is handled when its
twin classes larger than `|V(G)|` can be shrunk (the counts are
polynomials in the size of a twin class, interpolated exactly), so that
`K_N` or `K_{1,N}` targets of any size work.

Budgets: the tables of the DP (and of the p-expansion of
:mod:`sage_hcsf.symmetric_functions`) may hold at most
:func:`memory_budget` bytes at once
(:class:`~sage_hcsf.errors.MemoryBudgetExceeded`, a ``MemoryError``,
names the budget); the enumeration gives up after
:func:`enumeration_limit` steps (``OverflowError``).

REFERENCES:

.. [EFHKY2022] \N. M. Eagles, A. M. Foley, A. Huang, E. Karangozishvili,
   A. Yu, *H-chromatic symmetric functions*, Electron. J. Combin. 29 (2022),
   arXiv:2011.06063.

EXAMPLES::

    sage: from sage_hcsf import fiber_type_counts
    sage: fiber_type_counts(graphs.PathGraph(3), graphs.PathGraph(3))
    {[1, 1, 1]: 2, [2, 1]: 4}
    sage: fiber_type_counts(graphs.CycleGraph(5), graphs.CompleteGraph(3))
    {[2, 2, 1]: 30}
"""
# The public names of the subpackage (and the old paths sage_hcsf.fiber_types.NAME):
# counts, the DP driver, the engines, the preparation of H, its symmetries.
from sage_hcsf.errors import InconsistentCounts  # noqa: F401
from sage_hcsf.fiber_types.counts import (  # noqa: F401
                                          count_homomorphisms,
                                          fiber_type_counts,
                                          partition_from_tuple,
)
from sage_hcsf.fiber_types.dp import DPRun, checked_self_counts, largest_fiber, run_dp  # noqa: F401
from sage_hcsf.fiber_types.engines import (  # noqa: F401
                                          BEYOND_AN_ENGINE,
                                          ENGINES,
                                          Engine,
                                          engine_named,
                                          register_engine,
)
from sage_hcsf.fiber_types.prepare import twin_classes, vertex_order  # noqa: F401
from sage_hcsf.fiber_types.symmetry import (  # noqa: F401
                                          automorphism_group_order,
                                          prefix_tasks,
                                          symmetries_beyond_twins,
)
from sage_hcsf.settings import enumeration_limit, memory_budget, processes, state_budget  # noqa: F401
