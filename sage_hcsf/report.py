r"""
The ``reproduce`` report: a table of the claims, JSON, and figures

EXAMPLES::

    sage: from sage_hcsf.claims import run_claims
    sage: from sage_hcsf.report import claims_table
    sage: print(claims_table(run_claims([10], progress=False)))
    claim | published range | range verified here | verdict | time
    ...
    10. m, p, e are realised as H-CSFs (up to scalars) | all n | all partitions of n <= 8 | holds | ...
"""
import json
import os

from sage.graphs.graph import Graph


def claims_table(results):
    r"""
    Return the results as a text table:
    ``claim | published range | range verified here | verdict | time``.

    EXAMPLES::

        sage: from sage_hcsf.claims import ClaimResult
        sage: from sage_hcsf.report import claims_table
        sage: print(claims_table([ClaimResult(1, "c", "p", "q", "holds", seconds=1.5)]))
        claim | published range | range verified here | verdict | time
        ------|-----------------|---------------------|---------|-----
        1. c | p | q | holds | 1.5 s
    """
    header = "claim | published range | range verified here | verdict | time"
    lines = [header, "|".join("-" * len(part) for part in header.split("|"))]
    for r in results:
        lines.append(f"{r.number}. {r.claim} | {r.published} | {r.checked} | {r.verdict} | "
                     f"{r.seconds:.1f} s")
    return "\n".join(lines)


def write_json(results, path):
    r"""
    Write the full results (findings and details included) as JSON.

    EXAMPLES::

        sage: from sage_hcsf.claims import ClaimResult
        sage: from sage_hcsf.report import write_json
        sage: import tempfile, json, os
        sage: path = os.path.join(tempfile.mkdtemp(), "claims.json")
        sage: write_json([ClaimResult(1, "c", "p", "q", "holds")], path)
        sage: json.load(open(path))[0]["verdict"]
        'holds'
    """
    with open(path, "w") as stream:
        json.dump([r.as_dict() for r in results], stream, indent=1, default=str)


def write_plots(results, folder):
    r"""
    Draw the figures of the results that have data for one into ``folder``:
    `k_0(G)` against the number of vertices (claim 6) and the number of
    self-CSF coincidence classes by `n` (claim 1). Return the file names.

    EXAMPLES::

        sage: from sage_hcsf.claims import check_star_p_monotonicity, check_trees_vs_non_trees
        sage: from sage_hcsf.report import write_plots
        sage: import tempfile
        sage: results = [check_trees_vs_non_trees(5, progress=False),
        ....:            check_star_p_monotonicity(5, progress=False)]
        sage: write_plots(results, tempfile.mkdtemp())
        ['self_csf_coincidences.png', 'star_k0.png']
    """
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot

    os.makedirs(folder, exist_ok=True)
    written = []
    by_number = {r.number: r for r in results}
    if 1 in by_number:
        counts = by_number[1].details["coincidence classes by n"]
        figure, axes = pyplot.subplots(figsize=(6, 4))
        axes.bar(list(counts), list(counts.values()))
        axes.set_xlabel("number of vertices n")
        axes.set_ylabel("classes of graphs with equal self-CSF")
        axes.set_title("Self-CSF coincidences among all graphs")
        figure.savefig(os.path.join(folder, "self_csf_coincidences.png"), dpi=100)
        pyplot.close(figure)
        written.append("self_csf_coincidences.png")
    if 6 in by_number:
        points = [(Graph(g6).order(), k0) for g6, k0 in by_number[6].details["k0"].items()
                  if k0 is not None]
        figure, axes = pyplot.subplots(figsize=(6, 4))
        axes.scatter([n for n, _ in points], [k for _, k in points], alpha=0.3)
        axes.set_xlabel("number of vertices of G (connected bipartite)")
        axes.set_ylabel("least k0")
        axes.set_title("omega(X_G^{K_{1,k}}) is one-signed for every k >= k0")
        figure.savefig(os.path.join(folder, "star_k0.png"), dpi=100)
        pyplot.close(figure)
        written.append("star_k0.png")
    return written
