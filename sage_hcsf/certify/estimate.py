r"""
What a certified sweep would cost, from timed random slices

``verify FAMILY --max-n N --estimate`` times a few random slices of each
order (the first pass of trees: ``gentreeg`` and `\hom(T, T) \bmod
2^{64}`; for other families the first pass of graphs) and prints, for each
order, without running it:

- the number of graphs;
- core-hours: the first pass of every graph, then the generation again of
  the slices holding colliding trees (``gentreeg`` alone, timed too), then
  the later rungs on the colliding trees (timed on random trees of the
  order; their number extrapolated from the measured orders 20 to 24,
  where it grows about 2.4 times an order);
- the peak memory of the driver: one bucket of records sorted (three
  copies), beside the process itself;
- the disk: 16 bytes a tree while the first pass runs;
- the wall time on this machine (``processes`` workers) and on a Dask
  cluster of 64 and 256 cores, where the driver's own work (writing 16
  bytes a tree, sorting each bucket) does not shrink with the cluster.

For the other families the estimate covers the first pass (`\hom(G, G)`
of every graph) only.

EXAMPLES::

    sage: from sage_hcsf.certify.estimate import estimate_sweep, estimate_table
    sage: rows = estimate_sweep("trees", 14, min_n=13, slices=1, processes=2)
    sage: [(r["n"], r["graphs"]) for r in rows]
    [(13, 1301), (14, 3159)]
    sage: print(estimate_table(rows, processes=2))
    n | graphs | core-hours | peak memory | disk | wall here (2 processes) | 64 cores | 256 cores
    13 | 1,301 | ... | ... | ... | ... | ... | ...
    14 | 3,159 | ...
"""

import random
import time

from sage_hcsf.certify.names import Invariant, Rung

#: Trees colliding after the first pass, measured (the first two rungs of ``verify trees``).
MEASURED_COLLISIONS = {20: 96, 21: 224, 22: 582, 23: 1240, 24: 3000}


#: Their growth an order beyond 24 (3000 / 1240, 1240 / 582, 582 / 224).
COLLISION_GROWTH = 2.4


#: The driver: what the process holds before any bucket (Sage, the store), bytes.
DRIVER_BASE = 400 * 2**20


#: The driver writes records at about this many bytes a second.
DRIVER_WRITE_RATE = 200e6


#: And sorts a bucket at about this many records a second.
DRIVER_SORT_RATE = 20e6


def _format_bytes(value):
    r"""
    Return a number of bytes in words.

    EXAMPLES::

        sage: from sage_hcsf.certify.estimate import _format_bytes
        sage: _format_bytes(3 * 2**30), _format_bytes(512)
        ('3.0 GB', '512 B')
    """
    value = float(value)
    for unit, size in (("TB", 2**40), ("GB", 2**30), ("MB", 2**20), ("kB", 2**10)):
        if value >= size:
            return f"{value / size:.1f} {unit}"
    return f"{int(value)} B"


def _format_seconds(value):
    r"""
    Return a duration in words.

    EXAMPLES::

        sage: from sage_hcsf.certify.estimate import _format_seconds
        sage: _format_seconds(42), _format_seconds(5400), _format_seconds(3 * 86400)
        ('42 s', '90 min', '3.0 days')
    """
    value = float(value)
    if value < 120:
        return f"{value:.0f} s"
    if value < 7200:
        return f"{value / 60:.0f} min"
    if value < 3 * 86400:
        return f"{value / 3600:.1f} h"
    return f"{value / 86400:.1f} days"


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
                   invariant=Invariant.SELF_CSF):
    r"""
    Return one estimate a order (a dictionary, see the module
    documentation) from ``slices`` random slices of each order, timed in
    this process.

    INPUT:

    - ``family_name`` -- as for :func:`~sage_hcsf.certify.runs.certify_self_csf`
    - ``max_n``, ``min_n`` -- the orders
    - ``slices`` -- slices timed an order (default 2)
    - ``processes`` -- the workers of this machine (default: the cores)
    - ``seed`` -- of the random choice of slices
    - ``invariant`` -- the ladder (``"self-csf"`` or ``"csf"``): for
      Stanley's CSF the first pass is the functional `\Phi_0` and the
      trees colliding on it are as many as two random residues modulo
      `2^{61} - 1` give (about `N^2 / 2^{61}` for `N` trees)

    EXAMPLES::

        sage: from sage_hcsf.certify.estimate import estimate_sweep
        sage: [round(row["core-hours"], 6) > 0 for row in estimate_sweep("trees", 16, min_n=16, slices=1, invariant="csf")]
        [True]
        sage: [row["disk"] for row in estimate_sweep("trees", 26, min_n=26, slices=1)]
        [4476695200]
        sage: estimate_sweep("trees", 40, min_n=40, slices=1)[0]["graphs"]   # 1.8 x 10^9 slices
        363990257783343
        sage: estimate_sweep("trees", 10, slices=0)
        Traceback (most recent call last):
        ...
        ValueError: slices must be a positive integer; got 0
    """
    from sage_hcsf.certify.buckets import number_of_buckets, tree_keys_task
    from sage_hcsf.certify.enumeration import GRAPHS_PER_TASK, TREES_PER_TASK
    from sage_hcsf.certify.ladder import ladder
    from sage_hcsf.certify.runs import check_orders
    from sage_hcsf.certify.tasks import graph_keys_task
    from sage_hcsf.graphs.trees import tree_parent_arrays
    from sage_hcsf.settings import processes as default_processes
    if int(slices) != slices or slices < 1:
        raise ValueError(f"slices must be a positive integer; got {slices}")
    fam, orders = check_orders(family_name, max_n, min_n)
    processes = processes or default_processes()
    rng = random.Random(int(seed))
    rows = []
    for n in orders:
        graphs = fam.size(n)
        per_task = TREES_PER_TASK if fam.kind == "trees" else GRAPHS_PER_TASK
        mod = max(1, -(-graphs // per_task))      # as Family.parts, without listing them
        chosen = [f"{res}/{mod}" for res in rng.sample(range(mod), min(int(slices), mod))]
        measured = seconds = generation = 0.0
        for part in chosen:
            start = time.perf_counter()
            if fam.kind == "trees":
                measured += tree_keys_task((n, part, 0, number_of_buckets(graphs),
                                            ladder(fam.kind, invariant)[0].name))[0]
                seconds += time.perf_counter() - start
                start = time.perf_counter()
                tree_parent_arrays(n, part)
                generation += time.perf_counter() - start
            else:
                measured += graph_keys_task(fam.task(n, part) +
                                            (ladder(fam.kind, invariant)[0].name,))[0]
                seconds += time.perf_counter() - start
        per_graph = seconds / max(measured, 1)
        core_seconds = per_graph * graphs
        buckets = number_of_buckets(graphs) if fam.kind == "trees" else 1
        disk = 16 * graphs if fam.kind == "trees" else 0
        driver = 0.0
        if fam.kind == "trees":
            # the self-CSF's first key, hom mod 2^64, collides as measured; Phi_0
            # (mod 2^61 - 1) as random keys do
            collisions = colliding_trees(n) if invariant == Invariant.SELF_CSF else \
                round(graphs**2 / 2**61)
            core_seconds += (generation / max(measured, 1)) * graphs * \
                min(1.0, collisions / mod)
            core_seconds += collisions * _rung_seconds(n, rng, invariant=invariant)
            driver = disk / DRIVER_WRITE_RATE + graphs / DRIVER_SORT_RATE
        memory = DRIVER_BASE + 3 * 16 * -(-graphs // buckets) if fam.kind == "trees" else \
            DRIVER_BASE
        rows.append({"n": n, "graphs": graphs, "core-hours": core_seconds / 3600,
                     "peak memory": memory, "disk": disk, "buckets": buckets,
                     "wall here": core_seconds / processes + driver,
                     "wall 64 cores": core_seconds / 64 + driver,
                     "wall 256 cores": core_seconds / 256 + driver,
                     "slices timed": len(chosen), "processes": processes})
    return rows


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
    start = time.perf_counter()
    for _ in range(trees):
        T = RandomTree(n, seed=rng.randrange(2**31))
        for name in names:
            rungs[name].value(T)
    return (time.perf_counter() - start) / trees


def estimate_table(rows, processes):
    r"""
    Return the estimates as a text table, one row an order.

    EXAMPLES::

        sage: from sage_hcsf.certify.estimate import estimate_table
        sage: print(estimate_table([{"n": 30, "graphs": 14830871802, "core-hours": 9.5,
        ....:     "peak memory": 3 * 2**30, "disk": 16 * 14830871802, "wall here": 17100,
        ....:     "wall 64 cores": 900, "wall 256 cores": 500}], 2))
        n | graphs | core-hours | peak memory | disk | wall here (2 processes) | 64 cores | 256 cores
        30 | 14,830,871,802 | 9.5 | 3.0 GB | 221.0 GB | 4.8 h | 15 min | 8 min
    """
    header = ["n", "graphs", "core-hours", "peak memory", "disk",
              f"wall here ({processes} processes)", "64 cores", "256 cores"]
    lines = [" | ".join(header)]
    for row in rows:
        lines.append(" | ".join([str(row["n"]), f"{int(row['graphs']):,}",
                                 f"{float(row['core-hours']):.2g}",
                                 _format_bytes(row["peak memory"]), _format_bytes(row["disk"]),
                                 _format_seconds(row["wall here"]),
                                 _format_seconds(row["wall 64 cores"]),
                                 _format_seconds(row["wall 256 cores"])]))
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
