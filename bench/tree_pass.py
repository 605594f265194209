"""
The first pass over all trees on n vertices: today's (gentreeg text, then the kernels
over it) against the in-process kernel sage_hcsf.kernels.tree_pass, timed in the same run.

For each n, the same number of slices of TREES_PER_TASK trees (one in `--fraction` of
them, spread over the enumeration) go through each pass on a pool of 1 and of
`--processes` processes; each pass is timed `--repeat` times (default 2), alternating
with the others, and the best kept. A task returns its count and its CPU seconds only (the keys
stay in the worker, for every pass alike).

- old hom: gentreeg -p res/mod, tree_endomorphisms_mod64 (packed keys);
- old phi: gentreeg -p res/mod, tree_functional_residues (Phi_0, a list, as today);
- new hom / new phi / new both: slice_keys of tree_pass from the planned states.

Also the planning pass (plan: the generator alone), measured at n = 24 and 26 and
extrapolated to 30 by the number of trees.

    python bench/tree_pass.py [--orders 24 26] [--processes 2] [--repeat 2] [--fraction 8]

Prints the table and writes it to bench/results/tree_pass.md.
"""
import argparse
import multiprocessing
import os
import platform
import time

import sage_hcsf  # noqa: F401  (initialises Sage)

from sage_hcsf.certify.enumeration import TREES_PER_TASK, number_of_trees
from sage_hcsf.graphs.trees import tree_parent_arrays
from sage_hcsf.kernels.tree_cuts import tree_functional_residues
from sage_hcsf.kernels.tree_homs import tree_endomorphisms_mod64
from sage_hcsf.kernels.tree_pass import plan, slice_keys
from sage_hcsf.symmetric_functions.stanley import csf_weights
from report_files import write_results

P61 = 2**61 - 1


def old_task(task):
    """Today's first pass of one gentreeg slice: (trees, CPU seconds of the worker and of gentreeg)."""
    kind, n, part, weights = task
    start = time.process_time()
    children = os.times()
    text = tree_parent_arrays(n, part)
    if kind == "hom":
        count = len(tree_endomorphisms_mod64(text)) // 8
    else:
        count = len(tree_functional_residues(text, weights, P61))
    gentreeg = os.times().children_user - children.children_user
    return count, time.process_time() - start + gentreeg


def new_task(task):
    """The in-process first pass of one planned slice: (trees, CPU seconds)."""
    kind, n, (state, count), weights = task
    start = time.process_time()
    hom, phi, _ = slice_keys(n, state, count, hom=kind in ("hom", "both"),
                             weights=weights if kind in ("phi", "both") else None)
    assert len(hom or phi) == 8 * count
    return count, time.process_time() - start


def timed_pass(pool, function, tasks):
    """(trees, wall seconds, CPU seconds) of the tasks on the pool."""
    start = time.perf_counter()
    results = list(pool.imap_unordered(function, tasks))
    return (sum(r[0] for r in results), time.perf_counter() - start, sum(r[1] for r in results))


def rates(n, fraction, pools, repeat):
    """For each pass and pool size: (trees, best trees a second, best trees a CPU second)."""
    total = number_of_trees(n)
    mod = -(-total // TREES_PER_TASK)
    starts, planned = plan(n, TREES_PER_TASK)
    assert planned == total and len(starts) == 16 * mod
    chosen = range(fraction // 2, mod, fraction)
    weights = csf_weights(n, 0)
    slices = [(starts[16 * i:16 * i + 16], min(TREES_PER_TASK, total - TREES_PER_TASK * i))
              for i in chosen]
    passes = {
        "old hom": (old_task, [("hom", n, f"{i}/{mod}", None) for i in chosen]),
        "old phi": (old_task, [("phi", n, f"{i}/{mod}", weights) for i in chosen]),
        "new hom": (new_task, [("hom", n, s, None) for s in slices]),
        "new phi": (new_task, [("phi", n, s, weights) for s in slices]),
        "new both": (new_task, [("both", n, s, weights) for s in slices]),
    }
    best = {}
    for processes, pool in pools.items():
        for _ in range(repeat):
            for name, (function, tasks) in passes.items():
                trees, wall, cpu = timed_pass(pool, function, tasks)
                old = best.get((name, processes), (trees, 0, 0))
                best[(name, processes)] = (trees, max(old[1], trees / wall), max(old[2], trees / cpu))
                print(f"  n={n} {name} on {processes}: {trees / wall:,.0f} trees/s "
                      f"({trees / cpu:,.0f} a CPU second)", flush=True)
    return best


def planning_seconds(n):
    start = time.perf_counter()
    _, total = plan(n, TREES_PER_TASK)
    return total, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, nargs="+", default=[24, 26])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2,
                        help="time each pass this many times, keep the best (default 2)")
    parser.add_argument("--fraction", type=int, default=8,
                        help="one slice in this many at the smallest order, as many slices "
                             "at the larger ones (default 8)")
    arguments = parser.parse_args()
    context = multiprocessing.get_context("fork")
    pools = {1: context.Pool(1), arguments.processes: context.Pool(arguments.processes)}
    smallest = min(arguments.orders)
    count = len(range(arguments.fraction // 2, -(-number_of_trees(smallest) // TREES_PER_TASK),
                      arguments.fraction))
    results = {}
    for n in arguments.orders:
        slices = -(-number_of_trees(n) // TREES_PER_TASK)
        results[n] = rates(n, max(1, slices // count), pools, arguments.repeat)
    for pool in pools.values():
        pool.close()
    lines = [f"## First pass over trees ({platform.processor() or platform.machine()}, "
             f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at the end)", "",
             f"Trees a second (wall clock), best of {arguments.repeat}, on a pool of 1 and of "
             f"{arguments.processes} processes; in brackets, trees a CPU second of the workers "
             "(for the old passes including gentreeg's CPU time). Old: gentreeg -p res/mod "
             "text, then tree_endomorphisms_mod64 (hom) or tree_functional_residues (Phi_0). "
             "New: tree_pass.slice_keys from planned states (both: one enumeration, both keys).",
             "", "| n | trees timed | processes | " + " | ".join(
                 ["old hom", "new hom", "x", "old Phi_0", "new Phi_0", "x", "new both"]) + " |",
             "|---|---|---|" + "---|" * 7]
    for n, best in results.items():
        for processes in pools:
            def cell(name):
                trees, wall, cpu = best[(name, processes)]
                return f"{wall / 1e6:.2f} M ({cpu / 1e6:.2f} M)"
            ratio_hom = best[("new hom", processes)][1] / best[("old hom", processes)][1]
            ratio_phi = best[("new phi", processes)][1] / best[("old phi", processes)][1]
            lines.append(f"| {n} | {best[('new hom', processes)][0]:,} | {processes} | "
                         f"{cell('old hom')} | {cell('new hom')} | {ratio_hom:.1f}x | "
                         f"{cell('old phi')} | {cell('new phi')} | {ratio_phi:.1f}x | "
                         f"{cell('new both')} |")
    lines += ["", "Planning (plan(n, %d): the generator alone, one process):" % TREES_PER_TASK, ""]
    for n in (24, 26):
        total, seconds = planning_seconds(n)
        lines.append(f"- n = {n}: {total:,} trees in {seconds:.1f} s ({seconds / total * 1e9:.1f} ns "
                     f"a tree); at that rate n = 30 ({number_of_trees(30):,} trees) takes about "
                     f"{seconds / total * number_of_trees(30) / 60:.0f} min")
    print("\n".join(lines))
    write_results("tree_pass.md", lines + [""])


if __name__ == "__main__":
    main()
