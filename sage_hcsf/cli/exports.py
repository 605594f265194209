r"""
The exports of ``verify``: the collisions of certified orders, written for
others and rechecked from scratch

``verify FAMILY --max-n N --export-collisions FILE`` writes, once the sweep
is done (or read back from its store), a JSON list with one document an
order (:func:`~sage_hcsf.certify.export.export_collisions`): every graph
that shared its first-rung value with another, the rung that separated it,
and the values of the rungs up to it. ``verify --recheck-export FILE``
checks such a file from scratch, without any store: every value computed
again, every pair said separated separated by the values computed
(:func:`~sage_hcsf.certify.export.recheck_export`).

EXAMPLES::

    sage: from sage_hcsf.cli.commands import main
    sage: import os, tempfile
    sage: folder = tempfile.mkdtemp()
    sage: db, out = os.path.join(folder, "t.db"), os.path.join(folder, "collisions.json")
    sage: main(["verify", "trees", "--min-n", "14", "--max-n", "15", "--db", db,
    ....:       "--processes", "1", "--export-collisions", out])
    results are stored in ...
    ...
    15 | 7741 | 4 | 4 | 2 | 2 | 0 | 0 | 0 | 0 | 0 | separated | ...
    the collisions of 2 orders are written to ...collisions.json (... bytes)
    trees on 14..15 vertices: every pair separated
    0
    sage: main(["verify", "--recheck-export", out])
    trees n=14 (self-csf): 2 of 3,159 trees shared hom(G,G) mod 2^64; all 6 values computed again agree; 1 pair separated
    trees n=15 (self-csf): 4 of 7,741 trees shared hom(G,G) mod 2^64; all 16 values computed again agree; 2 pairs separated
    0
"""

import json
import sys

from sage_hcsf.cli.options import input_file, output_file


def export_arguments(parser):
    r"""
    Add the options of ``verify`` that write and recheck exports to ``parser``.

    EXAMPLES::

        sage: from sage_hcsf.cli.options import CommandLineParser
        sage: from sage_hcsf.cli.exports import export_arguments
        sage: parser = CommandLineParser(prog="verify")
        sage: export_arguments(parser)
        sage: parser.parse_args(["--export-collisions", "c.json"]).export_collisions
        'c.json'
    """
    parser.add_argument("--export-collisions", type=output_file, metavar="FILE",
                        help="write, as JSON, every graph that shared its first value with "
                             "another, the rung that separated it and the values of the "
                             "rungs up to it (for others to check: --recheck-export)")
    parser.add_argument("--recheck-export", type=input_file, metavar="FILE",
                        help="do not sweep: check a file of --export-collisions from scratch, "
                             "without any store (FAMILY may be left out)")


def write_collisions(arguments, store, family, orders):
    r"""
    Write the collisions of the orders of ``family`` that ``store`` decided
    to ``arguments.export_collisions`` (nothing if it is ``None``).

    EXAMPLES::

        sage: from sage_hcsf.cli.exports import write_collisions
        sage: from sage_hcsf.certify.enumeration import family
        sage: from sage_hcsf.certify.runs import certify_self_csf
        sage: from sage_hcsf.store import ResultStore
        sage: from argparse import Namespace
        sage: import json, os, tempfile
        sage: path = os.path.join(tempfile.mkdtemp(), "c.json")
        sage: store = ResultStore(":memory:")
        sage: _ = certify_self_csf("trees", 14, min_n=14, store=store, processes=1, progress=False)
        sage: write_collisions(Namespace(export_collisions=path, invariant="self-csf"), store,
        ....:                  family("trees"), [14])
        the collisions of 1 order are written to ...c.json (... bytes)
        sage: [len(group["graphs"]) for group in json.load(open(path))[0]["groups"]]
        [2]
    """
    from sage_hcsf.certify.export import export_collisions
    if arguments.export_collisions is None:
        return
    documents = [export_collisions(store, family.name, n, arguments.invariant) for n in orders]
    text = json.dumps(documents, indent=1)
    with open(arguments.export_collisions, "w") as stream:
        stream.write(text + "\n")
    print(f"the collisions of {len(documents)} order{'s' if len(documents) != 1 else ''} "
          f"are written to {arguments.export_collisions} ({len(text) + 1:,} bytes)")


def recheck_exported(arguments):
    r"""
    Check the file ``arguments.recheck_export`` of exported collisions from
    scratch; print a line an order and every problem found; return 0 if
    there is none, 3 if there are (a value computed again differs, or a
    pair said separated is not), 2 if the file is not an export.

    EXAMPLES::

        sage: from sage_hcsf.cli.exports import recheck_exported
        sage: from argparse import Namespace
        sage: import json, os, tempfile
        sage: path = os.path.join(tempfile.mkdtemp(), "c.json")
        sage: _ = open(path, "w").write('{"format": "sage_hcsf collisions 1", '
        ....:     '"family": "trees", "n": 6, "invariant": "self-csf", "trees": 6, '
        ....:     '"rungs": ["hom(G,G) mod 2^64", "|Aut(G)|"], "equal": [], "undecided": [], '
        ....:     '"groups": [{"graphs": ['
        ....:     '{"graph6": "E?NO", "separated at": "|Aut(G)|", '
        ....:     '"values": {"hom(G,G) mod 2^64": 0, "|Aut(G)|": 2}}, '
        ....:     '{"graph6": "E?bo", "separated at": "|Aut(G)|", '
        ....:     '"values": {"hom(G,G) mod 2^64": 0, "|Aut(G)|": 8}}]}]}')
        sage: recheck_exported(Namespace(recheck_export=path, prog="sage-hcsf", family=None))
        trees n=6 (self-csf): 2 of 6 trees shared hom(G,G) mod 2^64; 4 problems:
          E?NO: hom(G,G) mod 2^64 is ..., not 0 as written
          ...
        3
        sage: _ = open(path, "w").write("[1, 2]")
        sage: recheck_exported(Namespace(recheck_export=path, prog="sage-hcsf", family=None))
        sage-hcsf verify: error: .../c.json is not an export of --export-collisions: not an export of sage_hcsf collisions (format 'sage_hcsf collisions 1'); got None
        2
    """
    from sage_hcsf.certify.export import recheck_export
    from sage_hcsf.cli.options import usage_error
    name = f"{arguments.prog} verify"
    path = arguments.recheck_export
    try:
        with open(path) as stream:
            documents = json.load(stream)
        documents = documents if isinstance(documents, list) else [documents]
        families = {d.get("family") if isinstance(d, dict) else None for d in documents}
        if arguments.family is not None and families != {arguments.family}:
            return usage_error(name, f"{path} exports {', '.join(map(str, families))}, not "
                                     f"{arguments.family}")
        checked = [(d, recheck_export(d if isinstance(d, dict) else {},
                                      progress=sys.stderr.isatty())) for d in documents]
    except (ValueError, KeyError, TypeError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        return usage_error(name, f"{path} is not an export of --export-collisions: {message}")
    status = 0
    for document, result in checked:
        what = "trees" if document["family"] == "trees" else "graphs"
        head = (f"{document['family']} n={document['n']} ({document['invariant']}): "
                f"{result['graphs']:,} of {document.get(what, 0):,} {what} shared "
                f"{document['rungs'][0]}")
        if result["problems"]:
            status = 3
            print(f"{head}; {len(result['problems'])} problems:")
            for problem in result["problems"]:
                print(f"  {problem}")
            continue
        values = sum(len(g["values"]) for group in document["groups"] for g in group["graphs"])
        pairs = result["pairs separated"]
        print(f"{head}; all {values:,} values computed again agree; {pairs:,} "
              f"pair{'s' if pairs != 1 else ''} separated" +
              (f"; {len(document['equal'])} classes of equal invariants"
               if document.get("equal") else "") +
              (f"; {len(document['undecided'])} pairs undecided"
               if document.get("undecided") else ""))
    return status
