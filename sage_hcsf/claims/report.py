r"""
The ``reproduce`` report: a table of the claims, JSON, and figures

The table can be printed a row at a time, as the claims finish
(:func:`table_header`, :func:`table_row`). The figures are those the
claims register (:class:`~sage_hcsf.claims.registry.Claim`): the report
knows no claim by number.

EXAMPLES::

    sage: from sage_hcsf.claims import run_claims
    sage: from sage_hcsf.claims.report import table_header, table_row
    sage: print(table_header())
    claim | published range | range verified here | verdict | time
    ------|-----------------|---------------------|---------|-----
    sage: for result in run_claims([10], progress=False):
    ....:     print(table_row(result))
    10. m, p, e are realised as H-CSFs (up to scalars) | all n | all partitions of n <= 8 | holds | ...
"""

import json
import os

from sage_hcsf.claims import CLAIMS


def table_header():
    r"""
    Return the two header lines of the claims table.

    EXAMPLES::

        sage: from sage_hcsf.claims.report import table_header
        sage: print(table_header())
        claim | published range | range verified here | verdict | time
        ------|-----------------|---------------------|---------|-----
    """
    header = "claim | published range | range verified here | verdict | time"
    return header + "\n" + "|".join("-" * len(part) for part in header.split("|"))


def table_row(result):
    r"""
    Return the line of the claims table for one result.

    EXAMPLES::

        sage: from sage_hcsf.claims import ClaimResult
        sage: from sage_hcsf.claims.report import table_row
        sage: table_row(ClaimResult("p", "q", "holds", number=1, claim="c", seconds=1.5))
        '1. c | p | q | holds | 1.5 s'
    """
    return (f"{result.number}. {result.claim} | {result.published} | {result.checked} | "
            f"{result.verdict} | {result.seconds:.1f} s")


def earlier_results(path, numbers):
    r"""
    Return the results that the JSON file ``path``, written by an earlier
    ``reproduce --json``, holds for claims other than ``numbers`` (a
    resumed run keeps them); ``[]`` if there is no such file.

    EXAMPLES::

        sage: from sage_hcsf.claims import ClaimResult
        sage: from sage_hcsf.claims.report import earlier_results, write_json
        sage: import tempfile, os
        sage: path = os.path.join(tempfile.mkdtemp(), "claims.json")
        sage: earlier_results(path, [1])
        []
        sage: write_json([ClaimResult("p", "q", "holds", number=int(n)) for n in (1, 2)], path)
        sage: [r["number"] for r in earlier_results(path, [2, 3])]
        [1]
        sage: _ = open(path, "w").write('{"family": "trees"}')   # not a reproduce report
        sage: earlier_results(path, [2])
        []
    """
    try:
        with open(path) as stream:
            found = json.load(stream)
    except (OSError, ValueError):
        return []
    if not isinstance(found, list):
        return []
    return [r for r in found if isinstance(r, dict) and r.get("number") in CLAIMS
            and r["number"] not in numbers]


def write_json(results, path, earlier=()):
    r"""
    Write the full results (findings and details included) as JSON, with
    the ``earlier`` results (dictionaries, see :func:`earlier_results`),
    in the order of the claims.

    EXAMPLES::

        sage: from sage_hcsf.claims import ClaimResult
        sage: from sage_hcsf.claims.report import write_json
        sage: import tempfile, json, os
        sage: path = os.path.join(tempfile.mkdtemp(), "claims.json")
        sage: write_json([ClaimResult("p", "q", "holds", number=int(2))], path,
        ....:            [ClaimResult("p", "q", "holds", number=int(1)).as_dict()])
        sage: [(r["number"], r["verdict"]) for r in json.load(open(path))]
        [(1, 'holds'), (2, 'holds')]
    """
    merged = list(earlier) + [r.as_dict() for r in results]
    with open(path, "w") as stream:
        json.dump(sorted(merged, key=lambda r: r["number"]), stream, indent=1, default=str)


def write_plots(results, folder):
    r"""
    Draw the figures that the claims of ``results`` register (see
    :class:`~sage_hcsf.claims.registry.Claim`) into ``folder`` (created if
    missing); return the file names.

    EXAMPLES::

        sage: from sage_hcsf.claims.distinguishability import check_trees_vs_non_trees
        sage: from sage_hcsf.claims.stars import check_star_p_monotonicity
        sage: from sage_hcsf.claims.report import write_plots
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
    for result in results:
        for name, draw in CLAIMS[result.number].figures:
            figure, axes = pyplot.subplots(figsize=(6, 4))
            draw(result, axes)
            figure.tight_layout()
            figure.savefig(os.path.join(folder, name), dpi=100)
            pyplot.close(figure)
            written.append(name)
    return written
