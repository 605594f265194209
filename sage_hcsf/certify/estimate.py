r"""
What a certified sweep would cost, from timed samples

``verify FAMILY --max-n N --estimate`` times a few samples of each order
(for trees: stretches of the first pass of :mod:`sage_hcsf.certify.first_pass`,
the trees generated in process and keyed; for other families slices of
their first pass) and prints, for each order, without running it:

- the number of graphs;
- the passes of the first pass of trees within the disk budget;
- core-hours (CPU time of the samples, so a busy machine estimates as a
  quiet one would): the plan of the slices (the generator alone), every pass and
  the detail pass (the first key of every tree, each time), then the
  later rungs on the colliding trees (timed on random trees of the order;
  their number extrapolated from the measured orders 20 to 24, where it
  grows about 2.4 times an order);
- the peak memory of the driver: one bucket of records, beside the process
  itself (as measured here, :func:`driver_baseline`);
- the disk: 4 bytes a tree of the pass being run;
- the wall time on this machine (``processes`` workers) and on a Dask
  cluster of 64 and 256 cores, where the driver's own work (the plan,
  writing the records, one bucket at a time) does not shrink with the
  cluster.

For the other families the estimate covers the first pass (`\hom(G, G)`
of every graph) only.

EXAMPLES::

    sage: from sage_hcsf.certify.estimate import estimate_sweep, estimate_table
    sage: rows = estimate_sweep("trees", 14, min_n=13, slices=1, processes=2)
    sage: [(r["n"], r["graphs"], r["passes"]) for r in rows]
    [(13, 1301, 1), (14, 3159, 1)]
    sage: print(estimate_table(rows, processes=2))
    n | graphs | passes | core-hours | peak memory | disk | wall here (2 processes) | 64 cores | 256 cores
    13 | 1,301 | 1 | ... | ... | ... | ... | ... | ...
    14 | 3,159 | 1 | ...
"""

import os
import random
import time

from sage_hcsf.certify.names import Invariant, Rung
from sage_hcsf.errors import format_bytes, format_seconds

#: Trees colliding after the first pass, measured (the first two rungs of ``verify trees``).
MEASURED_COLLISIONS = {20: 96, 21: 224, 22: 582, 23: 1240, 24: 3000}


#: Their growth an order beyond 24 (3000 / 1240, 1240 / 582, 582 / 224).
COLLISION_GROWTH = 2.4


#: The driver: what the process holds before any bucket (Sage, the store), bytes,
#: where it cannot be measured (:func:`driver_baseline`).
DRIVER_BASE = 400 * 2**20


def driver_baseline():
    r"""
    Return the memory this process holds now (its resident set, Sage and
    the package loaded), in bytes: what the driver of a sweep holds before
    any bucket; :data:`DRIVER_BASE` where it cannot be read.

    EXAMPLES::

        sage: from sage_hcsf.certify.estimate import driver_baseline
        sage: 10**7 < driver_baseline() < 10**10
        True
    """
    try:
        with open("/proc/self/statm") as stream:
            return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return DRIVER_BASE


#: The driver writes records at about this many bytes a second.
DRIVER_WRITE_RATE = 200e6
#: The disk budget of an estimate, unless given (bytes).
DISK_BUDGET = 40 * 10**9


def colliding_trees(n):
    r"""
    Return the expected number of trees on `n` vertices that share
    `\hom(T, T) \bmod 2^{64}` with another: measured up to 22, extrapolated
    beyond.

    EXAMPLES::

        sage: from sage_hcsf.certify.estimate import colliding_trees
        sage: colliding_trees(22), colliding_trees(26)
        (582, 17280)
    """
    if n in MEASURED_COLLISIONS:
        return MEASURED_COLLISIONS[n]
    if n < min(MEASURED_COLLISIONS):
        return 0
    return round(MEASURED_COLLISIONS[24] * COLLISION_GROWTH ** (n - 24))


def estimate_sweep(family_name, max_n, min_n=1, slices=2, processes=None, seed=0,
                   invariant=Invariant.SELF_CSF, disk_budget=None):
    r"""
    Return one estimate an order (a dictionary, see the module
    documentation) from ``slices`` samples of each order, timed in this
    process by its CPU time (``time.process_time``), so that other jobs
    sharing the machine do not inflate the core-hours.

    INPUT:

    - ``family_name`` -- as for :func:`~sage_hcsf.certify.runs.certify_self_csf`
    - ``max_n``, ``min_n`` -- the orders
    - ``slices`` -- samples timed an order (default 2)
    - ``processes`` -- the workers of this machine (default: the cores)
    - ``seed`` -- of the random choice of the samples
    - ``invariant`` -- the ladder (``"self-csf"`` or ``"csf"``): for
      Stanley's CSF the first pass is the functional `\Phi_0` and the
      trees colliding on it are as many as two random residues modulo
      `2^{61} - 1` give (about `N^2 / 2^{61}` for `N` trees)
    - ``disk_budget`` -- bytes (default: 40 GB): how many passes the first
      pass of trees makes

    EXAMPLES::

        sage: from sage_hcsf.certify.estimate import estimate_sweep
        sage: [round(row["core-hours"], 6) > 0 for row in estimate_sweep("trees", 16, min_n=16, slices=1, invariant="csf")]
        [True]
        sage: [(row["disk"], row["passes"]) for row in estimate_sweep("trees", 30, min_n=30, slices=1)]
        [(29661743604, 2)]
        sage: estimate_sweep("trees", 10, slices=0)
        Traceback (most recent call last):
        ...
        ValueError: slices must be a positive integer; got 0
    """
    from sage_hcsf.certify.enumeration import GRAPHS_PER_TASK
    from sage_hcsf.certify.first_pass import RECORD_BYTES, layout
    from sage_hcsf.certify.ladder import ladder
    from sage_hcsf.certify.runs import check_orders
    from sage_hcsf.certify.tasks import graph_keys_task
    from sage_hcsf.settings import positive_integer
    from sage_hcsf.settings import processes as default_processes
    slices = positive_integer("slices", slices)
    fam, orders = check_orders(family_name, max_n, min_n)
    processes = processes or default_processes()
    disk_budget = DISK_BUDGET if disk_budget is None else disk_budget
    rng = random.Random(int(seed))
    base = driver_baseline()
    rows = []
    for n in orders:
        graphs, first = fam.size(n), ladder(fam.kind, invariant)[0].name
        passes = buckets = 1
        disk = driver = 0.0
        if fam.kind == "trees":
            passes, buckets = layout(graphs, disk_budget)
            per_graph, plan_seconds = _tree_seconds(n, first, slices, rng)
            # the plan, one process; P passes and the details: the first key of every tree
            core_seconds = per_graph * graphs * (passes + 1)
            collisions = colliding_trees(n) if invariant == Invariant.SELF_CSF else \
                round(graphs**2 / 2**61)
            core_seconds += collisions * _rung_seconds(n, rng, invariant=invariant)
            disk = RECORD_BYTES * -(-graphs // passes)
            driver = plan_seconds * graphs + RECORD_BYTES * graphs / DRIVER_WRITE_RATE
        else:
            mod = max(1, -(-graphs // GRAPHS_PER_TASK))      # as Family.parts, without listing
            measured = seconds = 0.0
            for res in rng.sample(range(mod), min(slices, mod)):
                start = time.process_time()
                measured += graph_keys_task(fam.task(n, f"{res}/{mod}") + (first,))[0]
                seconds += time.process_time() - start
            core_seconds = seconds / max(measured, 1) * graphs
        memory = base + RECORD_BYTES * -(-graphs // (passes * buckets)) * 3
        rows.append({"n": n, "graphs": graphs, "passes": passes, "core-hours": core_seconds / 3600,
                     "peak memory": memory, "disk": disk, "buckets": buckets,
                     "wall here": core_seconds / processes + driver,
                     "wall 64 cores": core_seconds / 64 + driver,
                     "wall 256 cores": core_seconds / 256 + driver,
                     "slices timed": slices, "processes": processes})
    return rows


def _tree_seconds(n, first, samples, rng, trees=20000):
    r"""
    Return the seconds a tree of the first pass of trees on `n` vertices
    takes (its first key, generated in process), timed on ``samples``
    stretches of ``trees`` trees at random places among the first
    `2 \cdot 10^7`, and the seconds a tree of the plan takes (the
    generator alone).

    EXAMPLES::

        sage: from sage_hcsf.certify.estimate import _tree_seconds
        sage: import random
        sage: key, plan = _tree_seconds(16, "hom(G,G) mod 2^64", 2, random.Random(int(1)))
        sage: 0 < plan < 1e-3 and 0 < key < 1e-3
        True
    """
    from sage_hcsf.certify.enumeration import number_of_trees
    from sage_hcsf.certify.tasks import _key_options
    from sage_hcsf.kernels.tree_pass import first_state, slice_codes, slice_keys
    total = number_of_trees(n)
    options = _key_options(n, first)
    keyed = key_seconds = plan_seconds = planned = 0
    for _ in range(samples):
        skip = rng.randrange(max(1, min(total, 2 * 10**7) - trees))
        start = time.process_time()
        _, state = slice_codes(n, first_state(n), skip) if skip else (b"", first_state(n))
        plan_seconds += time.process_time() - start
        planned += skip
        count = min(trees, total - skip)
        start = time.process_time()
        slice_keys(n, state, count, **options)
        key_seconds += time.process_time() - start
        keyed += count
    return key_seconds / max(keyed, 1), plan_seconds / max(planned, 1)


def _rung_seconds(n, rng, trees=3, invariant=Invariant.SELF_CSF):
    r"""
    Return the mean seconds of the rungs after the first (`\hom \bmod
    2^{61}-1`, `|\mathrm{Aut}|`, `L_2, L_3, L_4`; for ``"csf"``, `\Phi_1`
    and the cut counts) on random trees on `n` vertices: what a colliding
    tree costs.

    EXAMPLES::

        sage: from sage_hcsf.certify.estimate import _rung_seconds
        sage: import random
        sage: 0 < _rung_seconds(12, random.Random(int(1)), trees=1) < 10
        True
    """
    from sage.graphs.generators.trees import RandomTree

    from sage_hcsf.certify.ladder import LADDERS
    rungs = LADDERS[invariant]
    # the rungs that decide (measured on trees on 20-28 vertices: the layers
    # beyond L_4 and the full counts are never reached)
    names = [Rung.HOM_MOD_P61, Rung.AUT, Rung.L2, Rung.L3, Rung.L4] \
        if invariant == Invariant.SELF_CSF else list(rungs)[1:]
    start = time.process_time()
    for _ in range(trees):
        T = RandomTree(n, seed=rng.randrange(2**31))
        for name in names:
            rungs[name].value(T)
    return (time.process_time() - start) / trees


def estimate_table(rows, processes):
    r"""
    Return the estimates as a text table, one row an order.

    EXAMPLES::

        sage: from sage_hcsf.certify.estimate import estimate_table
        sage: print(estimate_table([{"n": 30, "graphs": 14830871802, "passes": 2,
        ....:     "core-hours": 9.5, "peak memory": 3 * 2**30, "disk": 4 * 14830871802 // 2,
        ....:     "wall here": 17100, "wall 64 cores": 900, "wall 256 cores": 500}], 2))
        n | graphs | passes | core-hours | peak memory | disk | wall here (2 processes) | 64 cores | 256 cores
        30 | 14,830,871,802 | 2 | 9.5 | 3.2 GB | 29.7 GB | 4.8 h | 15 min | 8 min
    """
    header = ["n", "graphs", "passes", "core-hours", "peak memory", "disk",
              f"wall here ({processes} processes)", "64 cores", "256 cores"]
    lines = [" | ".join(header)]
    for row in rows:
        lines.append(" | ".join([str(row["n"]), f"{int(row['graphs']):,}", str(row["passes"]),
                                 f"{float(row['core-hours']):.2g}",
                                 format_bytes(row["peak memory"]), format_bytes(row["disk"]),
                                 format_seconds(row["wall here"]),
                                 format_seconds(row["wall 64 cores"]),
                                 format_seconds(row["wall 256 cores"])]))
    return "\n".join(lines)


def estimated_cpu_hours(family, orders):
    r"""
    Return a rough estimate of the CPU hours a sweep of ``family`` over
    ``orders`` takes (``None`` for a file), from the measurements behind the
    README's estimates (``verify --estimate`` times slices instead): for
    trees, about `1\,\mu s \cdot n/24` a tree for the first pass
    (``gentreeg`` and the kernel) and 20 ms a tree still colliding after it
    (:func:`~sage_hcsf.certify.estimate.colliding_trees`); for ``geng`` families,
    about `5\,ms \cdot 2^{n-8}` a graph.

    EXAMPLES::

        sage: from sage_hcsf.certify.estimate import estimated_cpu_hours
        sage: from sage_hcsf.certify.enumeration import family
        sage: estimated_cpu_hours(family("trees"), range(1, 21)) < 0.01
        True
        sage: 0.05 < estimated_cpu_hours(family("trees"), range(1, 27)) < 0.5
        True
        sage: int(estimated_cpu_hours(family("graphs"), range(1, 11)))
        67
    """
    from sage_hcsf.certify.enumeration import family_size
    from sage_hcsf.certify.estimate import colliding_trees
    if family.kind == "file":
        return None
    hours = 0.0
    for n in orders:
        if family.kind == "trees":
            hours += family_size("trees", n) * 1e-6 * (n / 24) / 3600
            hours += colliding_trees(n) * 0.02 / 3600
        else:
            hours += family_size(family.kind, n) * 5e-3 * 2.0 ** (n - 8) / 3600
    return hours
