"""
Benchmarks of sage_hcsf. Every row is timed in this run against a baseline
timed in the same run (the enumeration engine, or Sage's own
chromatic_symmetric_function), so the ratios mean something on a noisy
machine.

    python bench/run.py [--max-tree-n 16] [--processes 2] [--sage-timeout 180]
                        [--huge] [--trees-30] [--engine-timeout 120] [--only-big]

Prints the tables and writes them to bench/results/latest.md.
"""
import argparse
import os
import platform
import random
import time

import sage_hcsf  # noqa: F401  (initialises Sage)
from cysignals.alarm import AlarmInterrupt, alarm, cancel_alarm
from sage.graphs.graph_generators import graphs

from sage_hcsf import chromatic_symmetric_function, count_homomorphisms, fiber_type_counts
from sage_hcsf.errors import MemoryBudgetExceeded, format_bytes
from sage_hcsf.settings import processes as fiber_processes
from sage_hcsf.fiber_types.dp import run_dp
from sage_hcsf.graphs.graph_data import as_graph_data
from sage_hcsf.parallel.executors import run_sweep
from report_files import write_results


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - start


def dp_worker(graph6):
    """Self fiber counts by the DP: (graph6, (largest table, seconds), seconds)."""
    data = as_graph_data(graph6)
    run, seconds = timed(run_dp, data, data)
    return graph6, (run.peak_states, seconds), seconds


def enumeration_worker(graph6):
    _, seconds = timed(fiber_type_counts, graph6, graph6, algorithm="enumerate")
    return graph6, (None, seconds), seconds


def with_timeout(limit, function, *args, **kwargs):
    """Return (value, seconds), or (None, None) if it takes more than `limit` s."""
    alarm(limit)
    try:
        return timed(function, *args, **kwargs)
    except AlarmInterrupt:
        return None, None
    finally:
        cancel_alarm()


def table(title, note, header, rows):
    lines = [f"### {title}", "", note, "", "| " + " | ".join(header) + " |",
             "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(x) for x in row) + " |" for row in rows]
    text = "\n".join(lines) + "\n"
    print(text, flush=True)
    return text


def ratio(slow, fast):
    return f"{slow / fast:.0f}x" if slow and fast else "-"


def fmt(value):
    return "-" if value is None else f"{value:.3f}"


def bench_trees(max_n, processes, enumerate_up_to=10):
    rows = []
    for n in range(1, max_n + 1):
        items = [T.graph6_string() for T in graphs.trees(n)]
        start = time.perf_counter()
        dp = run_sweep(dp_worker, items, processes, progress=n >= 14, description=f"trees n={n}")
        wall = time.perf_counter() - start
        dp_cpu = sum(t for _, t in dp.values())
        enum_cpu = None
        if n <= enumerate_up_to:
            enum = run_sweep(enumeration_worker, items, 1, progress=False)
            enum_cpu = sum(t for _, t in enum.values())
        rows.append((n, len(items), f"{wall:.2f}", f"{dp_cpu:.2f}",
                     max(peak for peak, _ in dp.values()), fmt(enum_cpu), ratio(enum_cpu, dp_cpu)))
    return table("Self-CSFs of all trees with n vertices",
                 f"DP wall time with {processes} processes; CPU seconds summed over trees; "
                 "enumeration (one process) where it finishes quickly.",
                 ["n", "trees", "DP wall s", "DP cpu s", "largest DP table", "enumeration cpu s",
                  "enumeration / DP"], rows)


def bench_stars(enumerate_up_to=9):
    rows = []
    for k in (3, 5, 7, 9, 10, 20, 30, 40):
        star = graphs.StarGraph(k)
        counts, dp = timed(fiber_type_counts, star, star, algorithm="dp")
        assert sum(counts.values()) == k**k + k
        enum = timed(fiber_type_counts, star, star, algorithm="enumerate")[1] \
            if k <= enumerate_up_to else None
        rows.append((k, k**k + k, fmt(dp), fmt(enum), ratio(enum, dp)))
    return table("K_{1,k} into itself (fiber-type counts)", "k^k + k homomorphisms.",
                 ["k", "homomorphisms", "DP s", "enumeration s", "enumeration / DP"], rows)


def bench_stanley(sage_timeout):
    rng = random.Random(20)
    tree20 = graphs.RandomTree(20, seed=rng.randint(0, 10**6))
    cases = [("K9", graphs.CompleteGraph(9)), ("Petersen", graphs.PetersenGraph()),
             ("random tree, 20 vertices", tree20), ("4x4 grid", graphs.Grid2dGraph(4, 4))]
    rows = []
    for name, G in cases:
        ours, t_ours = timed(chromatic_symmetric_function, G)
        theirs, t_sage = with_timeout(sage_timeout, G.chromatic_symmetric_function)
        agree = "-" if theirs is None else ("yes" if theirs == ours else "NO")
        rows.append((name, fmt(t_ours), fmt(t_sage) if theirs is not None else f"> {sage_timeout}",
                     ratio(t_sage, t_ours) if theirs is not None else f"> {sage_timeout / t_ours:.0f}x",
                     agree))
    return table("Stanley's chromatic symmetric function", "Ours: cut counting for the tree, "
                 "X_G^{K_n} by the DP for the others (bench/tree_csf.py compares the two on "
                 "trees); Sage: Graph.chromatic_symmetric_function (subset expansion).",
                 ["graph", "sage_hcsf s", "Sage s", "Sage / sage_hcsf", "equal"], rows)


def beyond(limit, function, *args, **kwargs):
    """(value, seconds) within `limit` seconds, or (a reason, None) if it gives up."""
    try:
        value, seconds = with_timeout(limit, function, *args, **kwargs)
    except (MemoryError, ValueError, OverflowError) as error:
        return type(error).__name__, None
    return (value, seconds) if seconds is not None else (f"> {limit} s", None)


def bench_hom_counts(limit):
    tree12 = graphs.RandomTree(12, seed=12)
    petersen = graphs.PetersenGraph()
    binary = graphs.BalancedTree(2, 5)
    cases = [("C4 -> K_{2,4}", graphs.CycleGraph(4), graphs.CompleteBipartiteGraph(2, 4)),
             ("P10 -> K5", graphs.PathGraph(10), graphs.CompleteGraph(5)),
             ("Petersen -> K3", petersen, graphs.CompleteGraph(3)),
             ("Petersen -> Petersen", petersen, petersen),
             ("random tree (12) -> itself", tree12, tree12),
             ("P300 -> P300", graphs.PathGraph(300), graphs.PathGraph(300)),
             ("binary tree (63) -> itself", binary, binary)]
    rows = []
    for name, G, H in cases:
        number, t_auto = timed(count_homomorphisms, G, H)
        results = [beyond(limit, count_homomorphisms, G, H, algorithm=algorithm)
                   for algorithm in ("dp", "enumerate")]
        assert all(value == number for value, seconds in results if seconds is not None), name
        row = [name, number if number < 10**15 else f"{float(number):.3e}", fmt(t_auto)]
        row += [fmt(seconds) if seconds is not None else value for value, seconds in results]
        row += [f"{seconds / t_auto:.3g}x" if seconds else "-" for _, seconds in results]
        rows.append(row)
    return table("Plain homomorphism counts",
                 "The default (closed forms first: the tree recursion for a tree G, the "
                 "chromatic polynomial into K_m; else the DP with scalar states) against the "
                 f"scalar DP alone and the enumeration, each within {limit} s, same run; the "
                 "counts are asserted equal where both finish.",
                 ["pair", "hom", "default s", "scalar DP s", "enumeration s",
                  "DP / default", "enumeration / default"], rows)


def engine_run(engine, G, H, limit, processes=1, budget=None):
    """(DPRun or a reason, seconds) of one engine within `limit` seconds, with
    `budget` bytes (default: the 2 GB default)."""
    old = fiber_processes(processes)
    try:
        run, seconds = with_timeout(limit, run_dp, G, H, memory_budget=budget, engine=engine)
    except MemoryBudgetExceeded:
        return f"over the {format_bytes(budget) if budget else '2 GB'} budget", None
    finally:
        fiber_processes(old)
    return (run, seconds) if run is not None else (f"> {limit} s", None)


def all_trees(n):
    """The trees on n vertices, each into itself, as one computation."""
    return [T.graph6_string() for T in graphs.trees(n)]


def big_cases(huge):
    cases = [("all 235 trees on 11 vertices, each into itself", all_trees(11), None),
             ("all 551 trees on 12 vertices, each into itself", all_trees(12), None),
             ("Petersen into itself", graphs.PetersenGraph(), None),
             ("3x4 grid into itself", graphs.Grid2dGraph(3, 4), None),
             ("random tree on 20 vertices (seed 1) into itself", graphs.RandomTree(20, seed=1), None),
             ("random tree on 22 vertices (seed 2) into itself", graphs.RandomTree(22, seed=2), None)]
    cases += [(f"random tree on 24 vertices (seed {s}) into itself", graphs.RandomTree(24, seed=s),
               None) for s in range(1, 6)]
    cases += [("5x5 grid into the Petersen graph", graphs.Grid2dGraph(5, 5), graphs.PetersenGraph()),
              ("4-cube into itself", graphs.CubeGraph(4), None)]
    if huge:
        cases += [(f"random tree on 28 vertices (seed {s}) into itself",
                   graphs.RandomTree(28, seed=s), None) for s in (1, 2)]
        cases += [("complete binary tree on 31 vertices into itself", graphs.BalancedTree(2, 4),
                   None)]
    return cases


def timed_case(engine, G, H, limit, processes):
    """((result, peak bytes), seconds) of one engine on a graph or a family."""
    if isinstance(G, list):  # a family: one run per graph, times added
        runs = [engine_run(engine, g, g, limit, processes) for g in G]
        if any(t is None for _, t in runs):
            return (next(r for r, t in runs if t is None), None), None
        return ([r.result for r, _ in runs], max(r.peak_bytes for r, _ in runs)), \
            sum(t for _, t in runs)
    run, seconds = engine_run(engine, G, H or G, limit, processes)
    return ((run.result, run.peak_bytes), seconds) if seconds is not None else ((run, None), None)


def check_against_oracles(label, G, H, result):
    """Every count of a big run, checked: the counts add up to hom(G, H)
    (count_homomorphisms: the tree recursion for a tree, else the scalar DP), and into
    itself the bijective ones number |Aut(G)| (Sage's search tree)."""
    from sage_hcsf.fiber_types.symmetry import automorphism_group_order
    graphs_ = G if isinstance(G, list) else [G]
    results = result if isinstance(G, list) else [result]
    for g, counts in zip(graphs_, results):
        h = H or g
        assert sum(counts.values()) == count_homomorphisms(g, h), f"sum != hom on {label}"
        if H is None:
            n = sum(next(iter(counts)))
            assert counts.get((1,) * n, 0) == automorphism_group_order(g), \
                f"N_(1^n) != |Aut| on {label}"


def bench_big(huge, limit, cores):
    rows = []
    for label, G, H in big_cases(huge):
        results = [timed_case(1, G, H, limit, 1), timed_case(2, G, H, limit, 1)]
        if cores > 1:
            results.append(timed_case(2, G, H, limit, cores))
        finished = [value for (value, _), seconds in results if seconds is not None]
        assert all(value == finished[0] for value in finished), f"engines disagree on {label}"
        if finished:
            check_against_oracles(label, G, H, finished[0])
        (_, one_bytes), one_s = results[0]
        row = [label]
        for (value, nbytes), seconds in results:
            row.append(fmt(seconds) if seconds is not None else value)
        best = min((s for _, s in results[1:] if s is not None), default=None)
        row.append(f"{one_s / best:.1f}x" if one_s and best else "-")
        row += [format_bytes(nbytes) if nbytes else "-" for (_, nbytes), _ in results]
        rows.append(row)
    header = ["computation", "engine I s", "engine II s"]
    if cores > 1:
        header.append(f"engine II, {cores} processes s")
    header += ["I / II (best)", "tables I", "tables II"]
    if cores > 1:
        header.append(f"tables II, {cores} processes")
    return table("Big single computations: engine I (baseline) against engine II",
                 "Fiber-type counts by run_dp(G, H, engine=1) (the DP before issue 10: twin "
                 "classes only) and engine=2 (the default: unreachable vertices forgotten, "
                 "canonical forms and splits by Aut(H)), on one process and, for engine II, on "
                 "all cores too (its default in a session), default 2 GB budget, all timed in "
                 "this run; the counts are asserted equal, to add up to hom(G, H) and, into itself, "
                 "to count |Aut(G)| bijections. Memory: the most bytes the state "
                 "tables held at once (all processes together; for a family, its largest).",
                 header, rows)


def bench_thirty(limit, cores, seeds=(0, 1), budget=8 * 10**9):
    """Random trees on 30 vertices into themselves within an 8 GB budget: engine I
    against engine II on all cores, same run, counts checked."""
    rows = []
    for seed in seeds:
        T = graphs.RandomTree(30, seed=seed)
        results = [engine_run(1, T, T, limit, 1, budget), engine_run(2, T, T, limit, cores, budget)]
        finished = [run.result for run, seconds in results if seconds is not None]
        assert all(value == finished[0] for value in finished), f"engines disagree on seed {seed}"
        if finished:
            check_against_oracles(f"seed {seed}", T, None, finished[0])
        row = [f"random tree on 30 vertices (seed {seed}) into itself"]
        row += [fmt(seconds) if seconds is not None else run for run, seconds in results]
        row += [format_bytes(run.peak_bytes) if seconds is not None else "-"
                for run, seconds in results]
        rows.append(row)
    return table("Trees on 30 vertices within 8 GB",
                 f"Fiber-type counts by engine I (1 process) and engine II ({cores} processes), "
                 f"memory budget {format_bytes(budget)}, each within {limit} s, same run; counts "
                 "asserted equal, adding up to hom(G, H) and with |Aut(G)| bijections.",
                 ["computation", "engine I s", f"engine II, {cores} processes s", "tables I",
                  "tables II"], rows)


def bench_claim_one(processes, full_up_to=8, max_n=10):
    """Claim 1 on the graphs of one order: the certified sweep of every class of equal
    self-CSF (the claim's method up to 9 vertices) against the sweep by I_2 of the classes
    that hold a tree (its method above), same run; the classes with a tree must agree."""
    from sage.all import Graph

    from sage_hcsf.certify.runs import certify_self_csf
    from sage_hcsf.certify.trees_apart import trees_apart
    rows = []
    for n in range(7, max_n + 1):
        fast, t_fast = timed(trees_apart, n, processes=processes, progress=False)
        full, t_full = None, None
        if n <= full_up_to:
            report, t_full = timed(certify_self_csf, "graphs", n, min_n=n, processes=processes,
                                   progress=False)
            full = sorted(sorted(c) for c in report.equal_classes()
                          if len({Graph(g6).is_tree() for g6 in c}) > 1)
            assert full == fast.exceptions, n
        rows.append([n, f"{fast.graphs:,}", len(fast.exceptions), fmt(t_full), fmt(t_fast),
                     ratio(t_full, t_fast)])
    return table("Claim 1: trees apart from every graph",
                 f"The certified sweep of all classes of equal self-CSF on n vertices against "
                 f"the sweep by I_2 (endomorphisms with a two-vertex image) of the classes that "
                 f"hold a tree, {processes} processes, same run; the classes with a tree are "
                 "asserted equal.",
                 ["n", "graphs", "classes with a tree", "certified sweep s", "I_2 sweep s",
                  "ratio"], rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-tree-n", type=int, default=16)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--sage-timeout", type=int, default=180)
    parser.add_argument("--huge", action="store_true",
                        help="add trees on 28 vertices and the binary tree on 31 (minutes)")
    parser.add_argument("--trees-30", action="store_true",
                        help="add random trees on 30 vertices within 8 GB (up to an hour)")
    parser.add_argument("--engine-timeout", type=int, default=120)
    parser.add_argument("--only-big", action="store_true",
                        help="run the table of big single computations only")
    args = parser.parse_args()
    header = (f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}, run {time.strftime('%Y-%m-%d %H:%M')}\n")
    print(header)
    cores = len(os.sched_getaffinity(0))
    parts = [header, bench_big(args.huge, args.engine_timeout, cores)]
    if args.trees_30:
        parts.append(bench_thirty(max(args.engine_timeout, 1800), cores))
    if not args.only_big:
        parts += [bench_stars(), bench_hom_counts(args.engine_timeout), bench_stanley(args.sage_timeout),
                  bench_trees(args.max_tree_n, args.processes), bench_claim_one(args.processes)]
    write_results("latest.md", parts)


if __name__ == "__main__":
    main()
