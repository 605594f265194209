"""Input forms, errors, budgets, interrupts, and import hygiene."""
import os
import subprocess
import sys

import networkx
import pytest
from cysignals.alarm import AlarmInterrupt, alarm, cancel_alarm

from sage.graphs.digraph import DiGraph
from sage.graphs.graph import Graph
from sage.graphs.graph_generators import graphs

from sage_hcsf import (StateBudgetExceeded, count_homomorphisms, enumeration_limit,
                       fiber_type_counts, h_chromatic_symmetric_function, state_budget)
from sage_hcsf.errors import MemoryBudgetExceeded
from sage_hcsf.settings import memory_budget


def test_every_input_form_gives_the_same_answer():
    expected = fiber_type_counts(graphs.PathGraph(4), graphs.CycleGraph(4))
    forms = [
        graphs.PathGraph(4),
        networkx.path_graph(4),
        graphs.PathGraph(4).graph6_string(),
        graphs.PathGraph(4).sparse6_string(),
        [(0, 1), (1, 2), (2, 3)],
        [("a", "b"), ("b", "c"), ("c", "d")],
        {0: [1], 1: [2], 2: [3], 3: []},
    ]
    for G in forms:
        assert fiber_type_counts(G, networkx.cycle_graph(4)) == expected, G


@pytest.mark.parametrize("text", [">>graph6<<Bw", ">>graph6<< Bw\n", ">>sparse6<<:BcN"])
def test_graph6_and_sparse6_headers_are_accepted(text):
    assert fiber_type_counts(text, graphs.PathGraph(3)) == \
        fiber_type_counts(graphs.CompleteGraph(3), graphs.PathGraph(3))


def test_a_bad_graph6_string_is_named_on_one_line():
    with pytest.raises(ValueError) as error:
        fiber_type_counts("B!", graphs.PathGraph(2))
    assert "\n" not in str(error.value) and "valid characters are ?@AB" in str(error.value)
    with pytest.raises(ValueError, match="only a header"):
        fiber_type_counts(">>graph6<<", graphs.PathGraph(2))


def test_multigraph_edges_collapse():
    G = Graph([(0, 1), (0, 1), (1, 2)], multiedges=True)
    assert fiber_type_counts(G, graphs.PathGraph(3)) == \
        fiber_type_counts(graphs.PathGraph(3), graphs.PathGraph(3))
    M = networkx.MultiGraph([(0, 1), (0, 1), (1, 2)])
    assert fiber_type_counts(M, graphs.PathGraph(3)) == \
        fiber_type_counts(graphs.PathGraph(3), graphs.PathGraph(3))


@pytest.mark.parametrize("bad, error, words", [
    (DiGraph([(0, 1)]), TypeError, "undirected"),
    (networkx.DiGraph([(0, 1)]), TypeError, "undirected"),
    ("&Bw", TypeError, "undirected"),
    ("hello", ValueError, "graph6"),
    ("B~~~", ValueError, "graph6"),
    (3.5, TypeError, "must be a graph"),
    ([(0, 1, 2)], ValueError, "pairs"),
    ([0, 1], ValueError, "pairs"),
    ("", ValueError, "empty string"),
    ("   ", ValueError, "empty string"),
    (":", ValueError, "not a valid graph6 or sparse6 string: ':'"),
    ({"a": 5}, TypeError, "adjacency dict must map each vertex to an iterable of neighbours"),
    ([(0, 1), (1, [2])], TypeError, "label that is not hashable: \\[2\\]"),
])
def test_bad_inputs_raise_clear_errors(bad, error, words):
    with pytest.raises(error, match=words):
        fiber_type_counts(bad, graphs.PathGraph(2))
    with pytest.raises(error, match=words):
        h_chromatic_symmetric_function(graphs.PathGraph(2), bad)


def test_empty_graph_and_no_homomorphism():
    assert h_chromatic_symmetric_function(Graph(), graphs.PetersenGraph()) == \
        h_chromatic_symmetric_function(Graph(), Graph()).parent().one()
    assert h_chromatic_symmetric_function(graphs.CycleGraph(5), graphs.CompleteGraph(2)) == 0
    assert fiber_type_counts(Graph(2), Graph()) == {}


def test_counts_exceed_64_bits():
    star = graphs.StarGraph(30)
    assert count_homomorphisms(star, star) == 30**30 + 30
    assert sum(fiber_type_counts(star, star).values()) == 30**30 + 30


def test_hopeless_enumeration_stops_at_its_limit():
    old = enumeration_limit(10**5)
    try:
        star = graphs.StarGraph(20)
        with pytest.raises(OverflowError, match="more than 100000 partial maps.*enumeration_limit"):
            fiber_type_counts(star, star, algorithm="enumerate")
        enumeration_limit(5)
        with pytest.raises(OverflowError, match="more than 5 partial maps"):
            count_homomorphisms(graphs.PathGraph(4), graphs.PathGraph(3), algorithm="enumerate")
    finally:
        enumeration_limit(old)


def test_memory_budget_raises_a_memory_error_naming_the_budget():
    G = graphs.Grid2dGraph(3, 4)
    # 20 kB fit since the packed states (prefix tasks of depth 6); 2 kB does not
    with pytest.raises(MemoryBudgetExceeded, match="memory budget of 2.0 kB.*memory_budget"):
        fiber_type_counts(G, G, algorithm="dp", memory_budget=2000)
    old = memory_budget(2000)
    try:
        with pytest.raises(MemoryError):
            fiber_type_counts(G, G, algorithm="dp")
    finally:
        memory_budget(old)
    assert fiber_type_counts(graphs.PathGraph(3), graphs.PathGraph(3), algorithm="dp")


def test_deprecated_state_budget_still_works():
    G = graphs.Grid2dGraph(3, 4)
    with pytest.warns(DeprecationWarning, match="memory_budget"):
        with pytest.raises(StateBudgetExceeded, match="memory budget of 2.0 kB"):
            fiber_type_counts(G, G, algorithm="dp", state_budget=10)
    with pytest.warns(DeprecationWarning):
        old = state_budget(10**6)
    try:
        assert memory_budget() == 200 * 10**6
    finally:
        memory_budget(200 * old)


@pytest.mark.parametrize("algorithm, kernel, source", [
    ("dp", "fiber_vector_dp", "fiber_dp.pyx"),
    ("enumerate", "enumerate_fiber_types", "enumerate_homs.pyx")])
def test_interrupt_then_correct_result(algorithm, kernel, source, monkeypatch):
    """The alarm is set when the kernel counting fiber types is entered (not
    on a clock started before the Python preparations), and the interrupt
    comes out of the kernel; the next computation is right."""
    import sage_hcsf.fiber_types.dp
    import sage_hcsf.fiber_types.engines
    caller = sage_hcsf.fiber_types.dp if algorithm == "dp" else sage_hcsf.fiber_types.engines
    # runs of many seconds, interrupted 0.2 s after the kernel is entered
    big = graphs.RandomTree(26, seed=1) if algorithm == "dp" else graphs.StarGraph(13)
    counting = getattr(caller, kernel)
    entered = []

    def alarmed(*args, **kwargs):
        if algorithm == "enumerate" or kwargs["track_fibers"]:  # the DP's run with fibers
            entered.append(kernel)
            alarm(0.2)
        return counting(*args, **kwargs)
    monkeypatch.setattr(caller, kernel, alarmed)
    old = enumeration_limit(10**16)
    old_processes = sage_hcsf.settings.processes(1)   # the run stays in the kernel
    try:
        with pytest.raises(AlarmInterrupt) as interrupted:
            fiber_type_counts(big, big, algorithm=algorithm)
    finally:
        cancel_alarm()
        enumeration_limit(old)
        sage_hcsf.settings.processes(old_processes)
    assert entered == [kernel]
    assert os.path.basename(str(interrupted.traceback[-1].path)) == source  # in the kernel
    monkeypatch.undo()
    assert count_homomorphisms(graphs.StarGraph(5), graphs.StarGraph(5)) == 5**5 + 5
    assert fiber_type_counts(graphs.PathGraph(3), graphs.PathGraph(3), algorithm=algorithm) == \
        fiber_type_counts(graphs.StarGraph(2), graphs.StarGraph(2))


def test_plain_python_import_attaches_nothing_and_prints_nothing():
    code = ("import sage_hcsf\n"
            "from sage.graphs.graph import Graph\n"
            "assert not hasattr(Graph, 'self_chromatic_symmetric_function')\n"
            "sage_hcsf.extend_graph_classes(); sage_hcsf.extend_graph_classes()\n"
            "from sage.graphs.graph_generators import graphs\n"
            "assert graphs.PathGraph(3).count_homomorphisms(graphs.CompleteGraph(3)) == 12\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""


def test_bad_algorithm_name():
    with pytest.raises(ValueError, match="algorithm must be one of"):
        count_homomorphisms(Graph(1), Graph(1), algorithm="magic")


@pytest.mark.parametrize("keywords, error, words", [
    ({"basis": None}, TypeError, "basis must be a basis of SymmetricFunctions.*got None"),
    ({"basis": "q"}, ValueError, "basis must be a basis of SymmetricFunctions.*got 'q'"),
    ({"R": "QQ"}, TypeError, "R must be a commutative ring.*got 'QQ'"),
    ({"R": 3}, TypeError, "R must be a commutative ring.*got 3"),
])
def test_bad_ring_or_basis_raise_clear_errors(keywords, error, words):
    with pytest.raises(error, match=words):
        h_chromatic_symmetric_function(graphs.PathGraph(3), graphs.PathGraph(3), **keywords)


def test_a_jack_basis_over_a_polynomial_ring_asks_for_its_fraction_field():
    """Was Sage's bare "fraction must have unit denominator"."""
    import sage.rings.polynomial.laurent_polynomial_ring  # noqa: F401  (Jack bases need it)
    from sage.combinat.sf.sf import SymmetricFunctions
    from sage.rings.polynomial.polynomial_ring_constructor import PolynomialRing
    from sage.rings.rational_field import QQ
    J = SymmetricFunctions(PolynomialRing(QQ, "t")).jack().J()
    with pytest.raises(TypeError, match=r"not a field: take the basis over FractionField\("):
        h_chromatic_symmetric_function(graphs.PathGraph(3), graphs.PathGraph(3), basis=J)
    J = SymmetricFunctions(PolynomialRing(QQ, "t").fraction_field()).jack().J()
    assert h_chromatic_symmetric_function(graphs.PathGraph(3), graphs.PathGraph(3), basis=J) != 0
