"""One input check for every public function: each argument is checked before any
work, and a wrong one raises a TypeError or ValueError naming the argument, what it
got and what it accepts (the words of the command line)."""
import importlib
import inspect
import os
import warnings

import pytest

import sage_hcsf
from sage.graphs.graph_generators import graphs

P3 = graphs.PathGraph(3)


class Opaque:
    """A value of a type no function takes."""

    def __repr__(self):
        return "<opaque>"


WRONG_TYPE, NEGATIVE, FLOAT, NONE, TEXT = Opaque(), -1, 1.5, None, "abc"
EVERY = (WRONG_TYPE, NEGATIVE, FLOAT, NONE, TEXT)
NOT_NONE = (WRONG_TYPE, NEGATIVE, FLOAT, TEXT)            # None means "the default"
NOT_TEXT = (WRONG_TYPE, NEGATIVE, FLOAT, NONE)            # a string is a valid value
NOT_NONE_OR_TEXT = (WRONG_TYPE, NEGATIVE, FLOAT)
GRAPH = EVERY                                             # "abc" is not a graph6 string
COUNT = EVERY                                             # a positive integer
OPTIONAL_COUNT = NOT_NONE
BYTES = NOT_NONE                                          # memory_budget=None: the default
BOOLEAN = NOT_NONE + (NONE, 2)
PROGRESS = NOT_NONE + (2,)                                # None: shown in a terminal


def s(name):
    """A symmetric function of SymmetricFunctions(ZZ).p()."""
    from sage.combinat.sf.sf import SymmetricFunctions
    from sage.rings.integer_ring import ZZ
    return SymmetricFunctions(ZZ).p()[2, 1]


class Called:
    """Wrong values of an argument that the messages call ``word`` (family_name: "family")."""

    def __init__(self, word, values):
        self.word, self.values = word, values


# (module, function, a valid call's keywords, {argument: the wrong values})
CASES = [
    ("sage_hcsf", "fiber_type_counts", {"G": P3, "H": P3},
     {"G": GRAPH, "H": GRAPH, "algorithm": EVERY, "memory_budget": BYTES,
      "progress": PROGRESS, "state_budget": OPTIONAL_COUNT}),
    ("sage_hcsf", "count_homomorphisms", {"G": P3, "H": P3},
     {"G": GRAPH, "H": GRAPH, "algorithm": EVERY, "memory_budget": BYTES,
      "progress": PROGRESS, "state_budget": OPTIONAL_COUNT}),
    ("sage_hcsf", "h_chromatic_symmetric_function", {"G": P3, "H": P3},
     {"G": GRAPH, "H": GRAPH, "R": NOT_NONE, "basis": EVERY, "algorithm": EVERY,
      "memory_budget": BYTES, "progress": PROGRESS}),
    ("sage_hcsf", "self_chromatic_symmetric_function", {"G": P3},
     {"G": GRAPH, "R": NOT_NONE, "basis": EVERY, "algorithm": EVERY, "memory_budget": BYTES,
      "store": NOT_NONE_OR_TEXT + (True, [1]), "progress": PROGRESS}),
    ("sage_hcsf", "h_chromatic_polynomial", {"G": P3, "H": P3},
     {"G": GRAPH, "H": GRAPH, "x": (WRONG_TYPE, [1], "", "2x", True), "algorithm": EVERY,
      "memory_budget": BYTES, "progress": PROGRESS}),
    ("sage_hcsf", "are_h_chromatically_equivalent", {"G1": P3, "G2": P3, "H": P3},
     {"G1": GRAPH, "G2": GRAPH, "H": GRAPH, "algorithm": EVERY, "memory_budget": BYTES,
      "progress": PROGRESS}),
    ("sage_hcsf", "chromatic_symmetric_function", {"G": P3},
     {"G": GRAPH, "R": NOT_NONE, "basis": EVERY, "algorithm": EVERY, "memory_budget": BYTES,
      "progress": PROGRESS}),
    ("sage_hcsf", "csf_functional", {"G": P3},
     {"G": GRAPH, "seed": EVERY, "prime": EVERY + (91, 2**62 + 135)}),
    ("sage_hcsf", "csf_functional_from_csf", {"X": s("p")},
     {"X": EVERY + (5, "p[1]"), "seed": EVERY, "prime": EVERY}),
    # a setting's refusal names the setting
    ("sage_hcsf", "memory_budget", {}, {"new": Called("memory_budget", NOT_NONE)}),
    ("sage_hcsf", "enumeration_limit", {}, {"new": Called("enumeration_limit", NOT_NONE)}),
    ("sage_hcsf", "state_budget", {}, {"new": Called("state_budget", NOT_NONE)}),
    ("sage_hcsf", "ResultStore", {"path": ":memory:"},
     {"path": NOT_TEXT + (5, True, [1]), "readonly": NOT_NONE + (NONE,)}),
    ("sage_hcsf", "certify_self_csf", {"family_name": "trees", "max_n": 3, "processes": 1,
                                       "progress": False},
     {"family_name": Called("family", EVERY + (P3, ["trees"])), "max_n": EVERY + ("12", 70),
      "min_n": EVERY + (9,), "store": NOT_NONE_OR_TEXT + (True,),
      "executor": NOT_NONE + ("spark://x",), "processes": NOT_NONE + (10**6,),
      "progress": BOOLEAN, "memory_budget": BYTES + ("8 cows",),
      "recheck": EVERY, "seed": EVERY, "command": NOT_NONE_OR_TEXT,
      "on_order": NOT_NONE, "invariant": EVERY, "disk_budget": BYTES}),
    # the old module sage_hcsf.certify
    ("sage_hcsf.certify", "check_orders", {"family_name": "trees", "max_n": 3},
     {"family_name": Called("family", EVERY + (P3,)), "max_n": EVERY + ("12",), "min_n": EVERY}),
    ("sage_hcsf.certify", "ladder_classes", {"groups": [["Bg", "BW"]],
                                             "relevant": lambda part: True, "processes": 1},
     {"groups": EVERY + ([5], ["Bg"], [[5]]), "relevant": EVERY, "kind": EVERY,
      "processes": NOT_NONE, "executor": NOT_NONE, "progress": BOOLEAN,
      "description": NOT_NONE_OR_TEXT + (NONE,), "memory_budget": BYTES}),
    ("sage_hcsf.certify", "family", {"name": "trees"},
     {"name": Called("family", EVERY + (P3, ["trees"]))}),
    ("sage_hcsf.certify", "family_size", {"kind": "trees", "n": 5},
     {"kind": EVERY, "n": EVERY}),
    ("sage_hcsf.certify", "number_of_trees", {"n": 5}, {"n": EVERY}),
    # the old module sage_hcsf.certificates
    ("sage_hcsf.certify.ladder", "ladder", {"kind": "trees"}, {"kind": EVERY,
                                                                "invariant": EVERY}),
    ("sage_hcsf.certify.ladder", "certificate_named", {"name": "L_2"}, {"name": EVERY}),
    ("sage_hcsf.certify.ladder", "tree_hom_residues", {"T": P3},
     {"T": GRAPH + (graphs.CycleGraph(3),)}),
    ("sage_hcsf.certify.ladder", "count_homomorphisms_of", {"G": P3}, {"G": GRAPH}),
    ("sage_hcsf.certify.ladder", "small_image_layer_of_graph", {"G": P3, "k": 2},
     {"G": GRAPH, "k": EVERY}),
    # the old module sage_hcsf.families
    ("sage_hcsf.graphs.families", "spider", {"legs": [1, 1, 1]},
     {"legs": EVERY + ([1, 1], [1, 1, 0], [1, 1, 1.5], [1, 1, "a"])}),
    ("sage_hcsf.graphs.families", "spiders", {"n": 5}, {"n": EVERY}),
    ("sage_hcsf.graphs.families", "caterpillar", {"spine_leaves": [2]},
     {"spine_leaves": EVERY + ([0, 2], [2, -1, 1], [2.5])}),
    ("sage_hcsf.graphs.families", "caterpillars", {"n": 5},
     {"n": EVERY, "spine_length": NOT_NONE}),
    ("sage_hcsf.graphs.families", "complete_multipartite", {"la": [2, 1]},
     {"la": EVERY + ([2, 0], [2, 1.5])}),
    ("sage_hcsf.graphs.families", "star", {"k": 3}, {"k": EVERY}),
    ("sage_hcsf.graphs.families", "all_graphs", {"n": 3}, {"n": EVERY}),
    ("sage_hcsf.graphs.families", "trees", {"n": 3}, {"n": EVERY}),
    ("sage_hcsf.graphs.families", "forests", {"n": 3}, {"n": EVERY}),
    ("sage_hcsf.graphs.families", "connected_bipartite_graphs", {"n": 3}, {"n": EVERY}),
    ("sage_hcsf.graphs.families", "graphs_up_to", {"max_n": 3},
     {"max_n": EVERY, "family": EVERY, "start": EVERY}),
    ("sage_hcsf.graphs.families", "looped_graphs", {"max_vertices": 2},
     {"max_vertices": EVERY}),
    ("sage_hcsf.graphs.families", "leaf_sequences", {"leaves": 3, "s": 2},
     {"leaves": EVERY, "s": EVERY}),
    # sage_hcsf.store
    ("sage_hcsf.store", "export_store", {"store": None}, {"store": EVERY}),
    ("sage_hcsf.store", "canonical_graph6", {"G": P3}, {"G": GRAPH}),
    ("sage_hcsf.store", "opened_store", {"store": ":memory:"},
     {"store": NOT_TEXT + (True,)}),
    # the old module sage_hcsf.tree_csf
    ("sage_hcsf.symmetric_functions.stanley", "forest_cut_counts", {"G": P3},
     {"G": GRAPH + (graphs.CycleGraph(3),), "memory_budget": BYTES}),
    ("sage_hcsf.symmetric_functions.stanley", "forest_chromatic_symmetric_function", {"G": P3},
     {"G": GRAPH, "R": NOT_NONE, "basis": EVERY, "memory_budget": BYTES}),
    ("sage_hcsf.symmetric_functions.stanley", "csf_weights", {"n": 3},
     {"n": EVERY, "seed": EVERY, "prime": EVERY}),
    ("sage_hcsf.symmetric_functions.stanley", "csf_functional_residues",
     {"text": b"0 1 2\n"}, {"text": EVERY, "seed": EVERY, "prime": EVERY}),
]


def checked_calls():
    for module, name, valid, wrong in CASES:
        for argument, values in wrong.items():
            word = values.word if isinstance(values, Called) else argument
            for value in getattr(values, "values", values):
                yield pytest.param(module, name, valid, argument, value, word,
                                   id=f"{name}-{argument}={value!r}")


def function(module, name):
    return getattr(importlib.import_module(module), name)


@pytest.fixture
def no_work(tmp_path, monkeypatch):
    """A refusal comes before any work: no worker process is started (the failure
    said as much), no file is made (a store made by mistake would land here)."""
    import multiprocessing.process

    def refused(*args, **kwargs):
        raise AssertionError("started a worker process before refusing")

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", refused)
    monkeypatch.setattr(os, "fork", refused)
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    assert os.listdir(tmp_path) == [], "made files before refusing"


@pytest.mark.parametrize("module, name, valid, argument, value, word", list(checked_calls()))
def test_a_wrong_argument_is_refused_before_any_work_naming_it(module, name, valid, argument,
                                                              value, word, no_work):
    if name == "export_store" and argument != "store":
        valid = dict(valid, store=sage_hcsf.ResultStore(":memory:"))
    called = function(module, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises((TypeError, ValueError)) as refused:
            result = called(**dict(valid, **{argument: value}))
            if inspect.isgenerator(result):
                pytest.fail("a generator that checks nothing before it is iterated")
    assert type(refused.value) in (TypeError, ValueError) or \
        issubclass(type(refused.value), (TypeError, ValueError))
    message = str(refused.value)
    assert word in message, message
    assert "\n" not in message, message


@pytest.mark.parametrize("module, name, valid", [(m, n, v) for m, n, v, _ in CASES])
def test_the_valid_call_of_each_case_works(module, name, valid):
    if name == "export_store":
        valid = {"store": sage_hcsf.ResultStore(":memory:")}
    result = function(module, name)(**valid)
    if inspect.isgenerator(result):
        list(result)


def test_every_public_function_has_a_case():
    """Every function of sage_hcsf.__all__ and of the public modules the issue names."""
    public = [("sage_hcsf", name) for name in sage_hcsf.__all__
              if not (isinstance(getattr(sage_hcsf, name), type)
                      and issubclass(getattr(sage_hcsf, name), Exception))]
    for module in ("sage_hcsf.certify.ladder", "sage_hcsf.certify.runs",
                   "sage_hcsf.graphs.families", "sage_hcsf.store",
                   "sage_hcsf.symmetric_functions.stanley"):
        loaded = importlib.import_module(module)
        public += [(module, n) for n, v in vars(loaded).items()
                   if not n.startswith("_") and inspect.isfunction(v)
                   and v.__module__.startswith(module)]
    covered = {n for _, n, _, _ in CASES}
    without_arguments = {"clear_power_sum_cache", "extend_graph_classes"}
    assert [(m, n) for m, n in public if n not in covered | without_arguments] == []


# The cases the issue names, one by one ------------------------------------------


def test_a_string_max_n_is_refused_as_a_string():
    """("trees", "12") said "got 12", as if 12 were out of range."""
    with pytest.raises(TypeError, match=r"max_n must be an integer from 1 to 32 for trees; "
                                        r"got '12' \(str\)"):
        sage_hcsf.certify_self_csf("trees", "12")


def test_a_memory_budget_with_a_unit_works_in_a_sweep():
    """memory_budget="8G" raised a TypeError from a comparison; -1 reported undecided pairs."""
    report = sage_hcsf.certify_self_csf("forests", 3, min_n=3, processes=1, progress=False,
                                        memory_budget="8G")
    assert report.equal_classes() == [["BG", "BW"]]
    with pytest.raises(ValueError, match="memory_budget must be a number of bytes"):
        sage_hcsf.certify_self_csf("forests", 3, memory_budget=-1)


def test_the_basis_the_message_suggests_exists():
    """The message suggested SymmetricFunctions(QQ).macdonald().P(), which fails."""
    import re

    import sage.rings.polynomial.laurent_polynomial_ring  # noqa: F401  (Macdonald bases need it)
    from sage.combinat.sf.sf import SymmetricFunctions
    from sage.rings.rational_field import QQ
    with pytest.raises(ValueError) as refused:
        sage_hcsf.h_chromatic_symmetric_function(P3, P3, basis="macdonald")
    suggested = re.search(r"such as (SymmetricFunctions\(QQ\)[^;]*\(\))", str(refused.value))
    basis = eval(suggested.group(1), {"SymmetricFunctions": SymmetricFunctions, "QQ": QQ})
    X = sage_hcsf.h_chromatic_symmetric_function(P3, P3, basis=basis)
    assert X.parent() is basis
    assert sage_hcsf.h_chromatic_symmetric_function(P3, P3) == X.parent().realization_of().p()(X)


def test_state_budget_is_deprecated_out_of_the_signatures():
    for function in (sage_hcsf.fiber_type_counts, sage_hcsf.count_homomorphisms):
        assert "state_budget" not in inspect.signature(function).parameters
        with pytest.warns(DeprecationWarning, match="use memory_budget"):
            assert function(P3, P3, state_budget=10**6)
        with pytest.raises(TypeError, match="unexpected keyword argument 'memory_budgte'"):
            function(P3, P3, memory_budgte=10**6)


def test_tab_completion_offers_the_subpackages_not_the_kernels():
    import sage_hcsf.kernels.fiber_dp  # noqa: F401  (loaded, still not offered)
    names = dir(sage_hcsf)
    assert {"certify", "claims", "graphs", "mechanics", "parallel", "store",
            "symmetric_functions", "fiber_types"} <= set(names)
    assert "kernels" not in names and "cli" not in names
    assert sage_hcsf.store.ResultStore is sage_hcsf.ResultStore


def test_extended_graphs_compute_stanleys_csf_with_the_package():
    """After extend_graph_classes(), G.chromatic_symmetric_function() was still Sage's
    (9.8 s on a random tree on 20 vertices); in a fresh process, not to change the Graph
    class the other tests use as an oracle."""
    import subprocess
    import sys
    code = ("import time, sage_hcsf\n"
            "from sage.graphs.graph_generators import graphs\n"
            "from sage.rings.rational_field import QQ\n"
            "sage_hcsf.extend_graph_classes()\n"
            "from sage_hcsf.symmetric_functions.graph_methods import SAGE_METHODS\n"
            "sage = SAGE_METHODS['chromatic_symmetric_function']\n"
            "for G in (graphs.PetersenGraph(), graphs.RandomTree(9, seed=2), graphs.CycleGraph(6)):\n"
            "    assert G.chromatic_symmetric_function() == sage(G)\n"
            "    assert G.chromatic_symmetric_function(QQ).parent() is sage(G, QQ).parent()\n"
            "start = time.perf_counter()\n"
            "graphs.RandomTree(20, seed=1).chromatic_symmetric_function()\n"
            "assert time.perf_counter() - start < 2, time.perf_counter() - start\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
