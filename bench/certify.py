"""
Certified sweeps of the tree conjecture against the per-tree full computation,
timed in the same run.

The baseline is what `reproduce` did before certificates: the full fiber-type
counts of every tree (`self_fiber_counts`, the DP engine, the same worker
processes). Run in full it takes about 10 minutes for the trees on <= 16
vertices, so by default it is timed on a random sample of trees of each order
and extrapolated (mean time a tree x number of trees / processes); `--full`
runs it on every tree up to `--full-n`.

    python bench/certify.py [--max-n 20] [--processes 2] [--sample 60] [--full-n 12]

Prints the table and writes it to bench/results/certify.md.
"""
import argparse
import os
import platform
import random
import time

import sage_hcsf  # noqa: F401  (initialises Sage)
from sage.graphs.graph_generators import graphs

from sage_hcsf.certify.enumeration import number_of_trees
from sage_hcsf.certify.first_pass import TREES_PER_SLICE
from sage_hcsf.certify.tasks import records_task
from sage_hcsf.certify.runs import certify_self_csf
from sage_hcsf.graphs.trees import tree_from_parents, tree_parent_arrays
from sage_hcsf.certify.batch import self_fiber_counts
from sage_hcsf.parallel.local import LocalExecutor
from sage_hcsf.kernels.tree_cuts import tree_functional_residues
from sage_hcsf.kernels.tree_homs import tree_endomorphisms_mod64
from sage_hcsf.kernels.tree_pass import plan
from sage_hcsf.symmetric_functions.stanley import csf_weights
from report_files import write_results

#: The slices of gentreeg a task of the previous first pass took.
PREVIOUS_PER_TASK = 200000


def baseline_seconds_per_tree(n, sample, rng):
    """Mean seconds of the full self fiber-type counts of `sample` random trees on n vertices."""
    lines = tree_parent_arrays(n, "0/1").decode().splitlines() if n <= 18 else \
        tree_parent_arrays(n, f"0/{max(1, number_of_trees(n) // 20000)}").decode().splitlines()
    chosen = [tree_from_parents(line).graph6_string() for line in rng.sample(lines, min(sample, len(lines)))]
    start = time.perf_counter()
    self_fiber_counts(chosen, processes=1, progress=False)
    return (time.perf_counter() - start) / len(chosen)


def baseline_seconds(max_n, full_n, per_tree, processes):
    """Seconds of the baseline on all trees up to max_n: measured up to full_n, then sampled."""
    items = [T.graph6_string() for n in range(1, min(max_n, full_n) + 1) for T in graphs.trees(n)]
    start = time.perf_counter()
    self_fiber_counts(items, processes=processes, progress=False)
    measured = time.perf_counter() - start
    if max_n <= full_n:
        return measured, "measured"
    return measured + sum(per_tree[n] * number_of_trees(n)
                          for n in range(full_n + 1, max_n + 1)) / processes, "sampled"


def previous_keys_task(task):
    """The first pass before this version (kept here to time against): gentreeg's text of a
    slice res/mod, then the key of every tree by the kernels over text (hom(T,T) mod 2^64
    packed; Phi_0 as a Python list)."""
    start = time.perf_counter()
    n, part, key = task
    text = tree_parent_arrays(n, part)
    if key == "hom":
        count = len(tree_endomorphisms_mod64(text)) // 8
    else:
        count = len(tree_functional_residues(text, csf_weights(n, 0), 2**61 - 1))
    return count, time.perf_counter() - start


def first_pass_rates(n, processes, fraction):
    """Trees a second on `processes` processes of the previous first pass (gentreeg text and
    the kernels over it) and of today's (trees generated in process, keyed, their 4-byte
    records sorted into buckets), for both keys, on 1/fraction of the trees on n vertices,
    each pass timed alone, twice, best of two."""
    mod = max(1, -(-number_of_trees(n) // PREVIOUS_PER_TASK))
    parts = [f"{res}/{mod}" for res in range(0, mod, fraction)]
    starts, total = plan(n, TREES_PER_SLICE)
    slices = [(starts[16 * i:16 * i + 16], min(TREES_PER_SLICE, total - i * TREES_PER_SLICE))
              for i in range(0, len(starts) // 16, fraction)]
    first = {"hom": "hom(G,G) mod 2^64", "phi": "Phi_0(X_T) mod 2^61-1"}
    passes = {}
    for key in ("hom", "phi"):
        passes["previous " + key] = (previous_keys_task, [(n, p, key) for p in parts])
        passes["today " + key] = (records_task, [(n, i, state, count, 1, 0, 512, first[key])
                                                 for i, (state, count) in enumerate(slices)])
    rates, counts = {}, {}
    executor = LocalExecutor(processes)
    for _ in range(2):
        for name, (function, tasks) in passes.items():
            start = time.perf_counter()
            trees = sum(result[0] for _, result in executor.map_unordered(function, tasks))
            rates[name] = max(rates.get(name, 0), trees / (time.perf_counter() - start))
            counts[name] = trees
    executor.close()
    return counts, rates


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-n", type=int, default=20)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--sample", type=int, default=60)
    parser.add_argument("--full-n", type=int, default=12,
                        help="run the baseline on every tree up to this order")
    parser.add_argument("--rate-n", type=int, default=26,
                        help="time the first pass on the trees of this order")
    parser.add_argument("--rate-fraction", type=int, default=8,
                        help="on one slice in this many (default 8)")
    parser.add_argument("--rate-only", action="store_true",
                        help="time the first pass only")
    arguments = parser.parse_args()
    rng = random.Random(1)
    processes = arguments.processes
    lines = [f"## Certified sweeps ({platform.processor() or platform.machine()}, "
             f"{os.cpu_count()} cores, {processes} processes)", "",
             "Baseline: full self fiber-type counts of every tree (the path before "
             "certificates); 'sampled' rows extrapolate its mean time a tree over a random "
             f"sample of trees of each order ({arguments.sample} up to 14 vertices, half as "
             "many for each vertex more, at least 4).", "",
             "| trees on <= n vertices | trees | certified (s) | baseline (s) | ratio |",
             "|---|---|---|---|---|"]
    if arguments.rate_only:
        lines = lines[:2] + first_pass_lines(arguments, processes)
        write(lines)
        return
    per_tree = {}
    for n in range(arguments.full_n + 1, arguments.max_n + 1):
        # fewer trees as they get dearer (about 2.7x a vertex): at least 4
        per_tree[n] = baseline_seconds_per_tree(n, max(4, arguments.sample >> max(0, n - 14)), rng)
    for max_n in sorted({min(arguments.full_n, arguments.max_n), 16, arguments.max_n}):
        if max_n > arguments.max_n:
            continue
        start = time.perf_counter()
        report = certify_self_csf("trees", max_n, processes=processes, progress=False)
        certified = time.perf_counter() - start
        assert report.exit_status == 0, report
        trees = sum(number_of_trees(n) for n in range(1, max_n + 1))
        baseline, how = baseline_seconds(max_n, arguments.full_n, per_tree, processes)
        lines.append(f"| {max_n} | {trees} | {certified:.1f} | {baseline:.0f} ({how}) | "
                     f"{baseline / certified:.0f}x |")
        print(lines[-1], flush=True)
    lines += first_pass_lines(arguments, processes)
    write(lines)


def first_pass_lines(arguments, processes):
    """The lines of the report on the first pass."""
    lines = ["", f"First pass at n = {arguments.rate_n} (one slice in {arguments.rate_fraction}, "
             f"{processes} processes, best of two), trees a second:", "",
             "| key | previous (gentreeg text, kernels over it) | today (in process, records "
             "into buckets) | ratio |", "|---|---|---|---|"]
    counts, rates = first_pass_rates(arguments.rate_n, processes, arguments.rate_fraction)
    for key, name in (("hom", "hom(T,T) mod 2^64 (self-CSF)"), ("phi", "Phi_0(X_T) (Stanley)")):
        old, new = rates["previous " + key], rates["today " + key]
        lines.append(f"| {name} | {old:,.0f} | {new:,.0f} | {new / old:.1f}x |")
    return lines + [""]


def write(lines):
    """Print the report and write it to bench/results/certify.md."""
    print("\n".join(lines))
    write_results("certify.md", lines + [""])


if __name__ == "__main__":
    main()
