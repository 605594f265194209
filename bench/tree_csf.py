"""
Stanley's chromatic symmetric function of trees by counting cuts, against the
route through X_T^{K_n} (what chromatic_symmetric_function did before, now
algorithm="dp") and Sage's own Graph.chromatic_symmetric_function (the sum
over all 2^(n-1) edge sets), all timed in this run on the same trees; and
the functional certificate p_k -> w_k mod 2^61 - 1, one tree at a time and
over gentreeg's output, beside the self-CSF's first certificate
hom(T, T) mod 2^64.

    python bench/tree_csf.py [--old-timeout 120] [--sage-timeout 60] [--rate-n 18]

Prints the tables and writes them to bench/results/tree_csf.md.
"""
import argparse
import os
import platform
import time

import sage_hcsf  # noqa: F401  (initialises Sage)
from sage.graphs.graph_generators import graphs

from run import fmt, ratio, table, timed, with_timeout
from sage_hcsf import MemoryBudgetExceeded, chromatic_symmetric_function
from sage_hcsf.graphs.trees import tree_parent_arrays
from sage_hcsf.symmetric_functions.stanley import csf_functional, csf_functional_from_csf, csf_functional_residues
from sage_hcsf.kernels.tree_homs import tree_endomorphism_residues
from report_files import write_results


def cases():
    """(name, tree): seeded random trees, and the path and a balanced tree on 40 vertices."""
    rows = [(f"random tree, {n} vertices (seed {n})", graphs.RandomTree(n, seed=n))
            for n in (16, 18, 20, 30, 40)]
    return rows + [("path, 40 vertices", graphs.PathGraph(40)),
                   ("complete ternary tree, 40 vertices", graphs.BalancedTree(3, 3))]


def old_route(T, limit):
    """(CSF, seconds) through X_T^{K_n}, or (a reason, None)."""
    try:
        value, seconds = with_timeout(limit, chromatic_symmetric_function, T, algorithm="dp")
    except MemoryBudgetExceeded:
        return "over the memory budget", None
    return (value, seconds) if seconds is not None else (f"> {limit} s", None)


def bench_exact(old_timeout, sage_timeout):
    chromatic_symmetric_function(graphs.PathGraph(3))  # load what a first call loads
    chromatic_symmetric_function(graphs.PathGraph(3), algorithm="dp")
    rows = []
    for name, T in cases():
        ours, t_ours = timed(chromatic_symmetric_function, T)
        old, t_old = old_route(T, old_timeout)
        sage, t_sage = (None, None)
        if T.order() <= 20:
            sage, t_sage = with_timeout(sage_timeout, T.chromatic_symmetric_function)
        checks = [x == ours for x, t in ((old, t_old), (sage, t_sage)) if t is not None]
        rows.append((name, len(ours), fmt(t_ours), fmt(t_old) if t_old else old, ratio(t_old, t_ours),
                     fmt(t_sage) if t_sage else ("-" if T.order() > 20 else f"> {sage_timeout} s"),
                     ratio(t_sage, t_ours), "-" if not checks else ("yes" if all(checks) else "NO")))
    return table("Stanley's X_T of a tree, exactly",
                 "Cut counting (chromatic_symmetric_function of a forest) against the route "
                 "through X_T^{K_n} (algorithm=\"dp\", the default before) and Sage's "
                 "Graph.chromatic_symmetric_function (trees up to 20 vertices); one process, "
                 "default 2 GB budget; \"equal\": every finished result equals ours.",
                 ["tree", "p-terms", "cut counting s", "X^{K_n} route s", "route / cuts",
                  "Sage s", "Sage / cuts", "equal"], rows)


def bench_functional(rate_n):
    csf_functional_from_csf(chromatic_symmetric_function(graphs.PathGraph(3)))  # load it all
    rows = []
    for name, T in cases():
        X = chromatic_symmetric_function(T)
        value, t_value = timed(csf_functional, T)
        read, t_read = timed(csf_functional_from_csf, X)
        assert value == read, name
        rows.append((name, f"{1e6 * t_value:.0f}", f"{1e3 * t_read:.1f}"))
    text = tree_parent_arrays(rate_n, "0/1")
    residues, t_csf = timed(csf_functional_residues, text)
    _, t_hom = timed(tree_endomorphism_residues, text)
    trees = len(residues)
    rows.append((f"all {trees} trees on {rate_n} vertices (gentreeg -p text, kernel only)",
                 f"{1e6 * t_csf / trees:.2f} ({trees / t_csf:,.0f} trees/s; hom mod 2^64: "
                 f"{trees / t_hom:,.0f} trees/s)", "-"))
    return table("The functional p_k -> w_k mod 2^61 - 1 (stage one of the Stanley certificates)",
                 "value: csf_functional(T) (graph conversion included); from_csf: the same "
                 "number read off the exact X_T (its soundness check, asserted equal). Last row: "
                 "the kernel over gentreeg's output on one process, beside the self-CSF's first "
                 "certificate on the same text.",
                 ["tree", "value: microseconds", "from_csf: milliseconds"], rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old-timeout", type=int, default=120)
    parser.add_argument("--sage-timeout", type=int, default=60)
    parser.add_argument("--rate-n", type=int, default=18)
    args = parser.parse_args()
    header = (f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}, run {time.strftime('%Y-%m-%d %H:%M')}\n")
    print(header)
    parts = [header, bench_exact(args.old_timeout, args.sage_timeout), bench_functional(args.rate_n)]
    write_results("tree_csf.md", parts)


if __name__ == "__main__":
    main()
