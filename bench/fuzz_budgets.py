"""
Fuzz the DP under memory budgets: every engine against the enumeration.

For pairs (G, H) -- paths, cycles and random trees into complete graphs,
complete bipartite graphs, stars and random targets with twin classes -- and
budgets from 500 bytes to 10 MB (log-spaced), compare the fiber-type counts of
``algorithm="dp"`` and ``"auto"`` with the enumeration. A run may refuse
(``MemoryBudgetExceeded``); it may never be wrong. Prints the tally and every
wrong result; exit status 1 if there is one.

    python bench/fuzz_budgets.py [--cases 200] [--seed 1]
"""
import argparse
import random
import sys
import time

from sage.all import Graph, graphs

from sage_hcsf import count_homomorphisms, fiber_type_counts
from sage_hcsf.errors import MemoryBudgetExceeded


def random_target(rng):
    """A small base graph blown up into twin classes of 1..4 members."""
    k = rng.randint(1, 4)
    base = [(u, v) for u in range(k) for v in range(u, k) if rng.random() < 0.6]
    sizes = [rng.randint(1, 4) for _ in range(k)]
    first = [sum(sizes[:w]) for w in range(k)]
    edges = {(a, b) for u, v in base for a in range(first[u], first[u] + sizes[u])
             for b in range(first[v], first[v] + sizes[v]) if u != v or a <= b}
    return Graph([list(range(sum(sizes))), [(min(e), max(e)) for e in edges]],
                 format="vertices_and_edges", loops=True)


def random_pair(rng):
    n = rng.randint(3, 14)
    G = rng.choice([graphs.PathGraph(n), graphs.CycleGraph(n), graphs.RandomTree(n, seed=rng.randint(0, 10**6))])
    H = rng.choice([graphs.CompleteGraph(rng.randint(2, 5)), graphs.CompleteBipartiteGraph(2, 3),
                    graphs.StarGraph(rng.randint(2, 5)), random_target(rng)])
    return G, H


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    budgets = [int(500 * (10**7 / 500) ** (i / 11)) for i in range(12)]
    tally = {"right": 0, "refused": 0, "wrong": 0}
    start = time.perf_counter()
    case = 0
    while case < args.cases:
        G, H = random_pair(rng)
        if count_homomorphisms(G, H) > 3 * 10**5:
            continue  # beyond the enumeration's reach in a fuzz run
        case += 1
        expected = fiber_type_counts(G, H, algorithm="enumerate")
        for budget in budgets:
            for algorithm in ("dp", "auto"):
                try:
                    got = fiber_type_counts(G, H, algorithm=algorithm, memory_budget=budget)
                except MemoryBudgetExceeded:
                    tally["refused"] += 1
                    continue
                if got == expected:
                    tally["right"] += 1
                else:
                    tally["wrong"] += 1
                    print(f"WRONG: {G.graph6_string()} -> {sorted(H.edges(labels=False))}, {algorithm}, "
                          f"budget {budget}", flush=True)
    print(f"{args.cases} pairs x {len(budgets)} budgets x 2 algorithms in "
          f"{time.perf_counter() - start:.0f} s: {tally}")
    return 1 if tally["wrong"] else 0


if __name__ == "__main__":
    sys.exit(main())
