r"""
The tasks of a sweep that run on the executor's workers

A task is a small tuple (nothing large crosses the wire); each function here
takes one and returns plain data: the first keys of a slice of ``geng`` or of
a file (:func:`graph_keys_task`), the checked full counts of one graph
(:func:`full_counts_task`), the values of one rung for a chunk of graphs
(:func:`certificate_values_task`, run in chunks by :func:`values_by_tasks`),
and the two tasks of the first pass over trees
(:mod:`sage_hcsf.certify.first_pass`): the records of a slice of trees in
one pass (:func:`records_task`) and the full keys and codes of its
candidates (:func:`detail_task`).

EXAMPLES::

    sage: from sage_hcsf.certify.tasks import certificate_values_task
    sage: certificate_values_task(("|Aut(G)|", ("Bw", "BW")))
    [('Bw', 6), ('BW', 2)]
"""

import subprocess
import time

import numpy
from tqdm import tqdm

from sage_hcsf.certify.enumeration import GENG_OPTIONS
from sage_hcsf.certify.names import Rung
from sage_hcsf.graphs.graph_data import canonical_graph6

# CERTIFICATES is also sage_hcsf.certify.ladder.CERTIFICATES, the ladder the sweeps walk
from sage_hcsf.graphs.trees import nauty_program


def graph_keys_task(task):
    r"""
    Return ``(number of graphs, [(graph6, str(key))...], seconds)`` for a
    task ``(n, part, kind, lines[, first rung])`` of a ``geng`` or file
    family (see :meth:`Family.task`): the key is the value of the first
    rung of the ladder, `\hom(G, G)` (the self-CSF, by default) or
    `\Phi_0(X_G)` (Stanley's CSF); graph6 strings are canonical.

    EXAMPLES::

        sage: from sage_hcsf.certify.enumeration import family
        sage: from sage_hcsf.certify.tasks import graph_keys_task
        sage: count, keys, _ = graph_keys_task(family("graphs").task(3, "0/1"))
        sage: count, sorted(keys)
        (4, [('B?', '27'), ('BG', '6'), ('BW', '6'), ('Bw', '6')])
        sage: graph_keys_task(family("forests").task(4, "0/1"))[0]
        6
        sage: from sage_hcsf import csf_functional
        sage: graph_keys_task((3, "0/1", "file", ["BW"], "Phi_0(X_T) mod 2^61-1"))[1] == \
        ....:     [("BW", str(csf_functional(graphs.PathGraph(3), 0)))]
        True
    """
    from sage.graphs.graph import Graph

    from sage_hcsf.fiber_types.counts import count_homomorphisms
    from sage_hcsf.symmetric_functions.stanley import csf_functional
    start = time.perf_counter()
    n, part, kind, strings, *first = task
    if first and Rung(first[0]) is Rung.PHI0:
        def key(G):
            return csf_functional(G, 0)
    elif not first or Rung(first[0]) is Rung.HOM:
        def key(G):
            return count_homomorphisms(G, G)
    else:
        raise ValueError(f"no first pass of graphs for the rung '{first[0]}'")
    if strings is None:
        edges = [f"0:{n - 1}"] if kind == "forests" else []
        strings = subprocess.run([nauty_program("geng"), "-q", *GENG_OPTIONS[kind], str(n), *edges,
                                  part], check=True, capture_output=True).stdout.decode().split()
    keys = []
    for g6 in strings:
        G = Graph(g6)
        if kind == "forests" and not G.is_forest():
            continue
        keys.append((canonical_graph6(G), str(key(G))))
    return len(keys), keys, time.perf_counter() - start


def two_image_task(task):
    r"""
    Return ``(number of graphs, [graph6 of those with I_2(G) = target],
    seconds)`` for a task ``(n, part, target)``: the graphs on `n` vertices
    of the slice ``part`` (``"res/mod"``) of nauty's ``geng``, through the
    kernel :func:`~sage_hcsf.kernels.graph_images.graph6_two_image_counts`
    (`I_2(G)`: the endomorphisms with a two-vertex image). The graph6
    strings are as ``geng`` writes them (one per isomorphism class).

    EXAMPLES::

        sage: from sage_hcsf.certify.tasks import two_image_task
        sage: two_image_task((3, "0/1", 4))[:2]
        (4, ['BO', 'BW'])
    """
    from sage_hcsf.kernels.graph_images import graph6_two_image_counts
    start = time.perf_counter()
    n, part, target = task
    text = subprocess.run([nauty_program("geng"), "-q", str(n), part], check=True,
                          capture_output=True).stdout
    counts = numpy.frombuffer(graph6_two_image_counts(text), dtype="=u8")
    lines = text.split()
    if len(lines) != len(counts):
        raise RuntimeError(f"geng wrote {len(lines)} lines, the kernel read {len(counts)} graphs")
    kept = [lines[i].decode() for i in numpy.flatnonzero(counts == numpy.uint64(target))]
    return len(counts), kept, time.perf_counter() - start


def full_counts_task(task):
    r"""
    Return ``(graph6, counts or None, seconds, reason or split)`` for a
    task ``(graph6, memory budget in bytes or None)``: the self fiber-type
    counts, checked (:func:`~sage_hcsf.fiber_types.dp.checked_self_counts`),
    with how the run divided the work; or ``None`` with the reason when
    they exceed the budget.

    EXAMPLES::

        sage: from sage_hcsf.certify.tasks import full_counts_task
        sage: full_counts_task(("Bw", None))[1:4:2]
        ({(1, 1, 1): 6}, 'engine I, no prefix split')
        sage: full_counts_task(("Bw", 100))[1:4:2]
        (None, 'the dynamic programme needs more than its memory budget of 100 bytes for its state tables (step 0 of 3, 0 states)')
    """
    from sage_hcsf.fiber_types.dp import checked_self_counts
    graph6, budget = task
    start = time.perf_counter()
    try:
        run = checked_self_counts(graph6, budget)
    except MemoryError as error:
        return graph6, None, time.perf_counter() - start, str(error).split(";")[0]
    return graph6, run.result, time.perf_counter() - start, run.split


def certificate_values_task(task):
    r"""
    Return ``[(graph6, value)]`` of the certificate named in a task
    ``(name, graph6 strings)`` (see :data:`~sage_hcsf.certify.ladder.CERTIFICATES`).

    EXAMPLES::

        sage: from sage_hcsf.certify.tasks import certificate_values_task
        sage: certificate_values_task(("E_1", ("Bw", "Cs")))
        Traceback (most recent call last):
        ...
        ValueError: not a tree: 3 vertices, 3 edges, loops: False
        sage: certificate_values_task(("E_1", ("Cs",)))
        [('Cs', (((2, 1, 1), 18),))]
        sage: certificate_values_task(("X_T (cut counts)", ("Bw",)))   # a rung of the csf ladder
        Traceback (most recent call last):
        ...
        ValueError: G must be a forest ...
        sage: certificate_values_task(("X_T (cut counts)", ("BW",)))
        [('BW', (((1, 1, 1), 1), ((2, 1), 2), ((3,), 1)))]
    """
    from sage_hcsf.certify.ladder import certificate_named
    name, graph6_list = task
    certificate = certificate_named(name)
    return [(g6, certificate.value(g6)) for g6 in graph6_list]


def values_by_tasks(certificate, graph6_list, executor, progress=False, description=None,
                     bar_from=1000):
    r"""
    Return ``{graph6: value}`` of ``certificate`` for the graphs of
    ``graph6_list``, computed by the executor in chunks
    (:func:`certificate_values_task`); a progress bar (labelled
    ``description``) shows from ``bar_from`` graphs on.

    EXAMPLES::

        sage: from sage_hcsf.certify.tasks import values_by_tasks
        sage: from sage_hcsf.certify.ladder import CERTIFICATES
        sage: from sage_hcsf.parallel.local import LocalExecutor
        sage: values_by_tasks(CERTIFICATES["L_2"], ["Bw", "Cs"], LocalExecutor(1))
        {'Bw': (), 'Cs': (((3, 1), 6),)}

    An executor that knows no worker yet (a Dask cluster whose workers are
    still starting) gets chunks as for one::

        sage: class Starting:
        ....:     workers = 0
        ....:     map_unordered = LocalExecutor(1).map_unordered
        sage: values_by_tasks(CERTIFICATES["L_2"], ["Bw", "Cs"], Starting())
        {'Bw': (), 'Cs': (((3, 1), 6),)}
    """
    # a Dask cluster knows no worker for a moment while its workers start (or restart)
    workers = max(1, getattr(executor, "workers", 1))
    chunk = max(1, min(200, -(-len(graph6_list) // (4 * workers))))
    tasks = [(certificate.name, tuple(graph6_list[i:i + chunk]))
             for i in range(0, len(graph6_list), chunk)]
    found = {}
    bar = tqdm(total=len(graph6_list), desc=description or certificate.name, unit="graph",
               disable=not progress or not graph6_list or len(graph6_list) < bar_from)
    try:
        for _, result in executor.map_unordered(certificate_values_task, tasks):
            found.update(result)
            bar.update(len(result))
    finally:
        bar.close()
    return found


def functional_weights(n, seed):
    r"""
    Return the weights of `\Phi_{seed}` for trees on `n` vertices (cached).

    EXAMPLES::

        sage: from sage_hcsf.certify.tasks import functional_weights
        sage: from sage_hcsf.symmetric_functions.stanley import csf_weights
        sage: functional_weights(5, 0) == csf_weights(5, 0) and functional_weights(5, 0) is functional_weights(5, 0)
        True
    """
    if (n, seed) not in _FUNCTIONAL_WEIGHTS:
        from sage_hcsf.symmetric_functions.stanley import csf_weights
        _FUNCTIONAL_WEIGHTS[n, seed] = csf_weights(n, seed)
    return _FUNCTIONAL_WEIGHTS[n, seed]


_FUNCTIONAL_WEIGHTS = {}


_CANDIDATES = {}   # a worker's candidates, read once a file


def _key_options(n, first):
    r"""
    Return the keyword arguments of the kernel for the first rung ``first``.

    EXAMPLES::

        sage: from sage_hcsf.certify.tasks import _key_options
        sage: _key_options(5, "hom(G,G) mod 2^64")
        {'hom': True}
        sage: sorted(_key_options(5, "Phi_0(X_T) mod 2^61-1"))
        ['hom', 'weights']
    """
    if Rung(first) is Rung.PHI0:
        return {"hom": False, "weights": functional_weights(n, 0)}
    if Rung(first) is not Rung.HOM_MOD_2_64:
        raise ValueError(f"no first pass of trees for the rung '{first}'")
    return {"hom": True}


def records_task(task):
    r"""
    Return, for a task ``(n, slice, start, count, passes, pass, buckets,
    first rung)``, the records of the slice's trees in that pass:
    ``(count, records, counts per bucket, following state, seconds)``
    (see :func:`~sage_hcsf.kernels.tree_pass.slice_select`).

    EXAMPLES::

        sage: from sage_hcsf.certify.tasks import records_task
        sage: from sage_hcsf.kernels.tree_pass import first_state
        sage: import numpy
        sage: count, records, counts, following, _ = records_task(
        ....:     (6, 0, first_state(6), 6, 1, 0, 2, "hom(G,G) mod 2^64"))
        sage: count, len(records), int(numpy.frombuffer(counts, "<u4").sum()), following
        (6, 24, 6, b'')
    """
    from sage_hcsf.kernels.tree_pass import slice_select
    start_time = time.perf_counter()
    n, _, start, count, passes, pass_index, buckets, first = task
    options = _key_options(n, first)
    hom_part, phi_part, following = slice_select(n, start, count, passes, pass_index, buckets,
                                                 **options)
    records, counts = hom_part if options["hom"] else phi_part
    return count, records, counts, following, time.perf_counter() - start_time


def detail_task(task):
    r"""
    Return, for a task ``(n, slice, start, count, bits, first rung,
    candidates)`` (the candidates as bytes, or the path of a file of them),
    the rows ``(index, full key, code)`` of the slice's trees whose
    truncated mixed key is a candidate: ``(count, rows, following state,
    seconds)``, the rows as a ``(k, 3)`` array of ``uint64``.

    EXAMPLES::

        sage: from sage_hcsf.certify.tasks import detail_task
        sage: from sage_hcsf.kernels.tree_pass import first_state, slice_keys, MIXER
        sage: import array
        sage: keys = array.array("Q", slice_keys(6, first_state(6), 6)[0])
        sage: wanted = array.array("Q", [keys[2] * MIXER % 2^64 >> 40]).tobytes()
        sage: count, rows, following, _ = detail_task((6, 0, first_state(6), 6, 24,
        ....:                                         "hom(G,G) mod 2^64", wanted))
        sage: count, rows.tolist()[0][:2] == [2, keys[2]]
        (6, True)
    """
    from sage_hcsf.kernels.tree_pass import slice_detail
    start_time = time.perf_counter()
    n, _, start, count, bits, first, candidates = task
    if isinstance(candidates, str):
        if candidates not in _CANDIDATES:
            _CANDIDATES.clear()
            with open(candidates, "rb") as stream:
                _CANDIDATES[candidates] = stream.read()
        candidates = _CANDIDATES[candidates]
    options = _key_options(n, first)
    if options["hom"]:
        raw, following = slice_detail(n, start, count, bits, hom_candidates=candidates)
        column = 1
    else:
        raw, following = slice_detail(n, start, count, bits, weights=options["weights"],
                                      phi_candidates=candidates)
        column = 2
    rows = numpy.frombuffer(raw, "<u8").reshape(-1, 4)[:, [0, column, 3]]
    return count, rows, following, time.perf_counter() - start_time
