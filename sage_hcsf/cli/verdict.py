r"""
What ``verify`` prints and writes after its sweep

The classes of graphs with equal invariants, the remarks (graphs given
twice, notes, undecided pairs, rechecks) and the summary line, then the
verdict as JSON. The graphs of a file are named as the user wrote them,
line by line (:func:`written_graphs`), beside their canonical graph6.

EXAMPLES::

    sage: from sage_hcsf.cli.verdict import print_verdict
    sage: from sage_hcsf.certify.enumeration import family
    sage: from sage_hcsf.certify.runs import certify_self_csf
    sage: from argparse import Namespace
    sage: import os, tempfile
    sage: path = os.path.join(tempfile.mkdtemp(), "mine.g6")
    sage: _ = open(path, "w").write("Bw\nBg\nBG\nBg\n")
    sage: report = certify_self_csf(path, processes=1, progress=False)
    sage: print_verdict(Namespace(json=None, invariant="self-csf"), family(path), report)
    graphs with equal self-CSF (each as written in .../mine.g6, then its canonical graph6):
      class 1:
        line 2: Bg, line 4: Bg | BW
        line 3: BG | BG
    given 2 times (isomorphic copies, checked once): line 2: Bg, line 4: Bg | BW
    ...: 1 class of graphs with equal self-CSF
"""

import json

from sage_hcsf.certify.names import Invariant


def written_graphs(family, report):
    r"""
    Return, for a file family, ``{canonical graph6: [(line number, the line
    as written), ...]}`` for the graphs that the printed verdict names (in
    classes of equal invariants, undecided pairs, or given more than once);
    ``{}`` for the other families.

    EXAMPLES::

        sage: from sage_hcsf.cli.verdict import written_graphs
        sage: from sage_hcsf.certify.enumeration import family
        sage: from sage_hcsf.certify.runs import certify_self_csf
        sage: import os, tempfile
        sage: path = os.path.join(tempfile.mkdtemp(), "mine.g6")
        sage: _ = open(path, "w").write("Bg\nBw\nBG\n")
        sage: report = certify_self_csf(path, processes=1, progress=False)
        sage: written_graphs(family(path), report)
        {'BG': [(3, 'BG')], 'BW': [(1, 'Bg')]}
        sage: written_graphs(family("forests"), report)
        {}
    """
    return family.written([g for c in report.equal_classes() for g in c] +
                          [g for p in report.undecided_pairs() for g in p["graphs"]] +
                          [g for v in report.verdicts.values()
                           for g in v.duplicates])


def as_written(graph6, written):
    r"""
    Return a graph as the user gave it: each of its lines in a file
    (``written``, see :func:`written_graphs`), else its canonical graph6.

    EXAMPLES::

        sage: from sage_hcsf.cli.verdict import as_written
        sage: as_written("BW", {"BW": [(1, "Bg"), (4, "BW")]}), as_written("BG", {})
        ('line 1: Bg, line 4: BW', 'BG')
    """
    if graph6 not in written:
        return graph6
    return ", ".join(f"line {number}: {text}" for number, text in written[graph6])


def equal_classes(report, written):
    r"""
    Return the classes of graphs with equal invariants of ``report``, the
    graphs of a file (``written``, see :func:`written_graphs`) in the order
    of their lines.

    EXAMPLES::

        sage: from sage_hcsf.cli.verdict import equal_classes
        sage: from sage_hcsf.certify.runs import certify_self_csf
        sage: report = certify_self_csf("forests", 3, processes=1, progress=False)
        sage: equal_classes(report, {})
        [['BG', 'BW']]
        sage: equal_classes(report, {"BG": [(1, "BG")], "BW": [(2, "Bg")]})
        [['BG', 'BW']]
        sage: equal_classes(report, {"BG": [(5, "BG")], "BW": [(2, "Bg")]})
        [['BW', 'BG']]
    """
    if not written:
        return report.equal_classes()
    return [sorted(graphs, key=lambda g: written[g][0][0]) for graphs in report.equal_classes()]


def print_equal_classes(equal, family, written, invariant):
    r"""
    Print the classes ``equal`` of graphs with equal ``invariant``: one a
    line as canonical graph6, or, for a file, each graph on its own line as
    written (``written``, see :func:`written_graphs`) and as canonical
    graph6.

    EXAMPLES::

        sage: from sage_hcsf.cli.verdict import print_equal_classes
        sage: from sage_hcsf.certify.enumeration import family
        sage: print_equal_classes([["BG", "BW"]], family("forests"), {}, "self-csf")
        graphs with equal self-CSF (graph6, one class a line):
          BG BW
        sage: import os, tempfile
        sage: path = os.path.join(tempfile.mkdtemp(), "mine.g6")
        sage: _ = open(path, "w").write("Bg\nBG\n")
        sage: print_equal_classes([["BW", "BG"]], family(path),
        ....:                     {"BW": [(1, "Bg")], "BG": [(2, "BG")]}, "csf")
        graphs with equal chromatic symmetric function (a counterexample to Stanley's tree conjecture) (each as written in .../mine.g6, then its canonical graph6):
          class 1:
            line 1: Bg | BW
            line 2: BG | BG
    """
    if not equal:
        return
    what = "self-CSF" if invariant == Invariant.SELF_CSF else \
        "chromatic symmetric function (a counterexample to Stanley's tree conjecture)"
    if written:
        print(f"graphs with equal {what} (each as written in {family.path}, then its "
              "canonical graph6):")
    else:
        print(f"graphs with equal {what} (graph6, one class a line):")
    for number, graphs in enumerate(equal, 1):
        if written:
            print(f"  class {number}:")
            for graph6 in graphs:
                print(f"    {as_written(graph6, written)} | {graph6}")
        else:
            print("  " + " ".join(graphs))


def print_remarks(report, written):
    r"""
    Print what the verdict of ``report`` adds to its classes: the graphs a
    file gives more than once, the notes, the undecided pairs (and how to
    decide them) and the rechecks.

    EXAMPLES::

        sage: from sage_hcsf.cli.verdict import print_remarks
        sage: from sage_hcsf.certify.runs import certify_self_csf
        sage: report = certify_self_csf("forests", 3, min_n=3, processes=1, progress=False,
        ....:                           memory_budget=1)
        sage: print_remarks(report, {})
        undecided: BG and BW (...)
        to decide them, run the same command with a larger --memory-budget: the store keeps everything else
    """
    for verdict in report.verdicts.values():
        for graph6, times in verdict.duplicates.items():
            print(f"given {times} times (isomorphic copies, checked once): "
                  f"{as_written(graph6, written)}{' | ' + graph6 if written else ''}")
    for note in report.notes:
        print(f"note: {note}")
    for pair in report.undecided_pairs():
        print(f"undecided: {' and '.join(as_written(g, written) for g in pair['graphs'])} "
              f"({pair['reason']})")
    if report.undecided_pairs():
        print("to decide them, run the same command with a larger --memory-budget: the store "
              "keeps everything else")
    for check in report.recheck:
        print(f"recheck {' '.join(check['graphs'])}: "
              f"{'agrees' if check['agree'] else 'DISAGREES'}"
              f"{', enumerated too' if check['enumerated'] else ''}")


def write_verdict(path, report, equal, written):
    r"""
    Write the verdict of ``report`` as JSON into ``path``, with each member
    of the classes ``equal`` as the user wrote it (``{"line", "as
    written", "graph6"}``, see :func:`written_graphs`).

    EXAMPLES::

        sage: from sage_hcsf.cli.verdict import write_verdict
        sage: from sage_hcsf.certify.runs import certify_self_csf
        sage: import json, os, tempfile
        sage: path = os.path.join(tempfile.mkdtemp(), "verdict.json")
        sage: report = certify_self_csf("forests", 3, processes=1, progress=False)
        sage: write_verdict(path, report, [["BG", "BW"]], {"BW": [(int(2), "Bg")]})
        sage: document = json.load(open(path))
        sage: document["status"], document["equal classes"]
        ('equal self-CSFs',
         [[{'as written': None, 'graph6': 'BG', 'line': None},
           {'as written': 'Bg', 'graph6': 'BW', 'line': 2}]])
    """
    document = report.as_dict()
    document["equal classes"] = [
        [{"line": number, "as written": text, "graph6": graph6}
         for graph6 in graphs for number, text in written.get(graph6, [(None, None)])]
        for graphs in equal]
    document["as written"] = {graph6: [{"line": number, "as written": text}
                                       for number, text in lines]
                              for graph6, lines in written.items()}
    with open(path, "w") as stream:
        json.dump(document, stream, indent=1)


def print_verdict(arguments, family, report):
    r"""
    Print what ``verify`` says after the sweep (the classes of graphs with
    equal invariants, the remarks, the summary) and write the ``--json``
    file of ``arguments``.

    EXAMPLES::

        sage: from sage_hcsf.cli.verdict import print_verdict
        sage: from sage_hcsf.certify.enumeration import family
        sage: from sage_hcsf.certify.runs import certify_self_csf
        sage: from argparse import Namespace
        sage: report = certify_self_csf("forests", 3, processes=1, progress=False)
        sage: print_verdict(Namespace(json=None, invariant="self-csf"), family("forests"), report)
        graphs with equal self-CSF (graph6, one class a line):
          BG BW
        forests on 1..3 vertices: 1 class of graphs with equal self-CSF
    """
    written = written_graphs(family, report)
    equal = equal_classes(report, written)
    print_equal_classes(equal, family, written, arguments.invariant)
    print_remarks(report, written)
    print(report)
    if arguments.json:
        write_verdict(arguments.json, report, equal, written)
