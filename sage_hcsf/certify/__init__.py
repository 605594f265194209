r"""
Certified sweeps: does the self-CSF distinguish every graph of a family?

A function of the self-CSF `X_G^G` separates graphs: if it differs between
two graphs, so do their self-CSFs. This module checks a family of graphs
(all trees on `n` vertices, all graphs, a list of your own) with such
*certificates*, cheapest first, refining only the buckets of graphs that
still collide:

1. `\hom(G, G) = \sum_\lambda N_\lambda(G, G)` -- for trees modulo `2^{64}`
   by a C kernel over nauty's tree generator (``gentreeg``), in bounded
   memory (:mod:`sage_hcsf.certify.buckets`), then modulo `2^{61} - 1` for the
   colliding trees; for other families exactly, by the DP engine.
   Different residues prove different counts; equal residues prove
   nothing.
2. `|\mathrm{Aut}(G)| = N_{1^n}(G, G)` (a bijective endomorphism of a
   finite graph is an automorphism).
3. For trees, the layers of the self-CSF (:mod:`sage_hcsf.certify.tree_layers`):
   the endomorphisms onto 2, 3, 4 vertices, then those with 1 and 2
   collisions.
4. The full fiber-type counts `N_\lambda(G, G)`: the coordinates of
   `X_G^G` in the augmented monomial basis. Graphs with equal counts have
   equal self-CSFs: for trees, a counterexample to the conjecture that the
   self-CSF distinguishes all trees. Graphs whose counts exceed the state
   budget are *undecided*, never counted as separated.

The ladder is the registry :data:`~sage_hcsf.certify.ladder.CERTIFICATES`;
a rung is computed only for the graphs still colliding after the rungs
before it.

The work is split into tasks ``(family, n, res/mod)`` -- nothing large
crosses the wire -- run by a :class:`~sage_hcsf.parallel.local.LocalExecutor` or a
:class:`~sage_hcsf.parallel.dask_cluster.DaskExecutor`, and every result is committed to a
:class:`~sage_hcsf.store.ResultStore` as it arrives, so that a killed sweep
resumes where it stopped.

EXAMPLES::

    sage: from sage_hcsf.certify.runs import certify_self_csf
    sage: report = certify_self_csf("trees", 10, processes=1, progress=False)
    sage: report.status, report.exit_status
    ('separated', 0)
    sage: report.verdicts[10]["graphs"], report.verdicts[10]["stages"][0]
    (106, {'colliding buckets': 0, 'graphs in colliding buckets': 0,
           'invariant': 'hom(G,G) mod 2^64', 'pairs left': 0})

Among all graphs on at most 4 vertices, only `P_3` and `K_2 + K_1` share
their self-CSF::

    sage: report = certify_self_csf("graphs", 4, processes=1, progress=False)
    sage: report.status, report.equal_classes()
    ('equal self-CSFs', [['BG', 'BW']])
"""
# The public names of the subpackage (and the old paths sage_hcsf.certify.NAME)
from sage_hcsf.certify.certificate import M64, P61  # noqa: F401
from sage_hcsf.certify.csf_ladder import CSF_CERTIFICATES  # noqa: F401
from sage_hcsf.certify.enumeration import (  # noqa: F401
                                      NUMBER_OF_CONNECTED_GRAPHS,
                                      NUMBER_OF_GRAPHS,
                                      Family,
                                      family,
                                      family_size,
                                      number_of_trees,
)
from sage_hcsf.certify.ladder import CERTIFICATES, LADDERS  # noqa: F401
from sage_hcsf.certify.names import Invariant, Rung  # noqa: F401
from sage_hcsf.certify.report import CertificationReport  # noqa: F401
from sage_hcsf.certify.runs import (  # noqa: F401
                                      LadderClasses,
                                      certify_self_csf,
                                      check_orders,
                                      ladder_classes,
)
from sage_hcsf.fiber_types.symmetry import automorphism_group_order  # noqa: F401
from sage_hcsf.graphs.trees import parent_array_line, tree_from_parents  # noqa: F401
