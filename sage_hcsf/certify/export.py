r"""
The collisions of a certified order, exported for others to check

A certified sweep keeps, in its store, every graph whose first-rung value
(for trees: `\hom(T, T) \bmod 2^{64}` or `\Phi_0(X_T)`) is shared, and its
group after every rung. :func:`export_collisions` writes them as a small
JSON document -- for each group of graphs sharing a first value, each graph
(graph6), the rung that separated it from the others, and the values of the
rungs up to that one -- and :func:`recheck_export` checks such a document
from scratch, without the store: it computes every value again, checks the
graphs of a group share their first value, and refines each group rung by
rung with the values it computed, so that every pair it says is separated
is separated by a rung that differs on it.

This checks every collision the sweep met; that the collisions are *all*
the collisions (that the first pass saw every tree once) is what the sweep
itself checks, against Otter's count.

EXAMPLES::

    sage: from sage_hcsf.certify.export import export_collisions, recheck_export
    sage: from sage_hcsf.certify.runs import certify_self_csf
    sage: from sage_hcsf.store import ResultStore
    sage: store = ResultStore(":memory:")
    sage: report = certify_self_csf("trees", 16, min_n=15, store=store, processes=1,
    ....:                           progress=False)
    sage: document = export_collisions(store, "trees", 16)
    sage: pairs = sum(len(g["graphs"]) * (len(g["graphs"]) - 1) // 2 for g in document["groups"])
    sage: pairs == report.verdicts[16].stages[0].pairs_left, document["trees"]
    (True, 19320)
    sage: checked = recheck_export(document)
    sage: checked["pairs separated"] == pairs, checked["problems"]
    (True, [])
"""
import json

from sage_hcsf.certify.ladder import LADDERS
from sage_hcsf.certify.ladder import ladder as certificate_ladder
from sage_hcsf.certify.names import Invariant, sweep_key
from sage_hcsf.certify.verdict import refine

#: The format of an export, in its first key.
FORMAT = "sage_hcsf collisions 1"


def _jsonable(value):
    r"""
    Return a certificate's value as JSON keeps it (tuples as lists).

    EXAMPLES::

        sage: from sage_hcsf.certify.export import _jsonable
        sage: _jsonable((((2, 1), 4),)), _jsonable(5)
        ([[[2, 1], 4]], 5)
    """
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    return int(value)


def export_collisions(store, family_name, n, invariant=Invariant.SELF_CSF):
    r"""
    Return the collisions of the verdict of ``family_name`` on `n`
    vertices (the ladder of ``invariant``) that ``store`` holds, as a
    JSON-friendly dictionary (see the module documentation).

    INPUT:

    - ``store`` -- a :class:`~sage_hcsf.store.ResultStore`
    - ``family_name`` -- ``"trees"`` (or another family the store swept)
    - ``n`` -- the order
    - ``invariant`` -- the ladder (default: ``"self-csf"``)

    EXAMPLES::

        sage: from sage_hcsf.certify.export import export_collisions
        sage: from sage_hcsf.store import ResultStore
        sage: export_collisions(ResultStore(":memory:"), "trees", 9)
        Traceback (most recent call last):
        ...
        ValueError: the store holds no verdict of trees on 9 vertices (ladder self-csf)
    """
    from sage_hcsf.certify.enumeration import family
    key = sweep_key(family_name, invariant)
    verdict = store.verdicts(key).get((key, n))
    if verdict is None:
        raise ValueError(f"the store holds no verdict of {family_name} on {n} vertices "
                         f"(ladder {invariant})")
    rungs = certificate_ladder(family(family_name).kind, invariant)
    paths = store.rungs(key, n)
    groups = {}
    for g6, path in paths.items():
        groups.setdefault(path[0], []).append(g6)
    exported = []
    for _, members in sorted(groups.items()):
        graphs = []
        for g6 in sorted(members):
            at = _separated_at(g6, members, paths)
            graphs.append({"graph6": g6, "separated at": None if at is None else
                           str(rungs[at].name),
                           "values": {str(c.name): _jsonable(c.value(g6))
                                      for c in rungs[:len(rungs) if at is None else at + 1]
                                      if not c.budgeted}})
        exported.append({"graphs": graphs})
    return {"format": FORMAT, "family": family_name, "n": int(n), "invariant": str(invariant),
            "trees" if family_name == "trees" else "graphs": verdict["graphs"],
            "rungs": [str(c.name) for c in rungs], "equal": verdict["equal"],
            "undecided": verdict["undecided"], "groups": exported}


def _separated_at(g6, members, paths):
    r"""
    Return the index of the rung after which ``g6`` shares its group with
    none of ``members`` (``None`` if it never does: equal or undecided).

    EXAMPLES::

        sage: from sage_hcsf.certify.export import _separated_at
        sage: paths = {"a": [0, 0, 3], "b": [0, 0, -1], "c": [0, 1, 2]}
        sage: [_separated_at(g, ["a", "b", "c"], paths) for g in "abc"]
        [2, 2, 1]
    """
    for r in range(1, len(paths[g6])):
        mine = paths[g6][r]
        if mine == -1 or not any(paths[h][r] == mine for h in members if h != g6):
            return r
    return None


def recheck_export(document, progress=False):
    r"""
    Check an export of :func:`export_collisions` (the dictionary, or the
    path of its JSON file) from scratch, without the store; return
    ``{"groups", "graphs", "pairs separated", "problems"}``, ``problems``
    empty when every value recomputed is the one written, the graphs of a
    group share their first value, and each pair said separated is
    separated by the values recomputed; ``progress`` shows a bar of the
    groups.

    EXAMPLES::

        sage: from sage_hcsf.certify.export import recheck_export
        sage: doc = {"format": "sage_hcsf collisions 1", "family": "trees", "n": 6,
        ....:        "invariant": "self-csf", "rungs": ["hom(G,G) mod 2^64", "|Aut(G)|"],
        ....:        "groups": [{"graphs": [
        ....:            {"graph6": "E?NO", "separated at": "|Aut(G)|",
        ....:             "values": {"hom(G,G) mod 2^64": 0, "|Aut(G)|": 2}},
        ....:            {"graph6": "E?bo", "separated at": "|Aut(G)|",
        ....:             "values": {"hom(G,G) mod 2^64": 0, "|Aut(G)|": 8}}]}]}
        sage: problems = recheck_export(doc)["problems"]; len(problems)
        4
        sage: problems[0].startswith("E?NO: hom(G,G) mod 2^64 is "), problems[-1]
        (True, 'E?NO E?bo: they do not share hom(G,G) mod 2^64')
    """
    from sage_hcsf.certify.ladder import certificate_named
    if isinstance(document, str):
        with open(document) as stream:
            document = json.load(stream)
    if document.get("format") != FORMAT:
        raise ValueError(f"not an export of sage_hcsf collisions (format {FORMAT!r}); got "
                         f"{document.get('format')!r}")
    if document["invariant"] not in LADDERS:
        raise ValueError(f"unknown invariant {document['invariant']!r}")
    rungs = [certificate_named(name) for name in document["rungs"]]
    problems, graphs, separated = [], 0, 0
    from tqdm import tqdm
    for group in tqdm(document["groups"], unit="group", disable=not progress,
                      desc=f"{document['family']} n={document['n']}"):
        members = [g["graph6"] for g in group["graphs"]]
        graphs += len(members)
        values = {}
        for entry in group["graphs"]:
            g6 = entry["graph6"]
            for name, written in entry["values"].items():
                value = _jsonable(certificate_named(name).value(g6))
                values[g6, name] = value
                if value != written:
                    problems.append(f"{g6}: {name} is {value}, not {written} as written")
        firsts = {values.get((g, str(rungs[0].name))) for g in members}
        if len(firsts) != 1:
            problems.append(f"{' '.join(members)}: they do not share {rungs[0].name}")
        parts = [members]
        for rung in rungs[1:]:
            name = str(rung.name)
            if rung.budgeted or not all((g, name) in values for p in parts for g in p):
                continue
            refined = refine(parts, lambda g, name=name: json.dumps(values[g, name]))
            separated += sum(len(p) * (len(p) - 1) // 2 for p in parts) - \
                sum(len(p) * (len(p) - 1) // 2 for p in refined)
            parts = refined
        still = {g for p in parts for g in p}
        for entry in group["graphs"]:
            if entry["separated at"] is not None and entry["graph6"] in still:
                problems.append(f"{entry['graph6']}: said separated at {entry['separated at']}, "
                                "but the values recomputed do not separate it")
    return {"groups": len(document["groups"]), "graphs": graphs, "pairs separated": separated,
            "problems": problems}
