"""Budgets tell the truth: memory in bytes, checked the same way everywhere."""
import subprocess
import sys
import textwrap
import tracemalloc

import re

import pytest

from sage.graphs.graph_generators import graphs

from sage_hcsf import (chromatic_symmetric_function, count_homomorphisms, enumeration_limit,
                       fiber_type_counts, h_chromatic_symmetric_function, state_budget)
from sage_hcsf.errors import MemoryBudgetExceeded
from sage_hcsf.settings import memory_budget
from sage_hcsf.symmetric_functions.expansion import augmented_monomial_power_sum_expansion, clear_power_sum_cache, power_sum_cache_bytes

P3 = graphs.PathGraph(3)


def test_dp_stays_within_its_memory_budget():
    """The process grows by less than the budget before the kernel refuses.

    The kernel itself (no shards: with the packed states of issue 25 the
    sharded run_dp finishes 6x6 grid -> Petersen within 100 MB)."""
    code = textwrap.dedent("""
        import resource
        import sage_hcsf
        from sage.graphs.graph_generators import graphs
        from sage_hcsf.errors import MemoryBudgetExceeded
        from sage_hcsf.fiber_types.dp import vertex_order
        from sage_hcsf.graphs.graph_data import as_graph_data
        from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
        G = as_graph_data(graphs.Grid2dGraph(6, 6))
        H = as_graph_data(graphs.PetersenGraph())
        g, h = [list(a) for a in G.adjacency], [list(a) for a in H.adjacency]
        args = (h, list(range(10)), list(range(1, 11)))
        fiber_vector_dp([[1], [0]], [False] * 2, *args, [0, 1], True, 10**6, 100)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        try:
            fiber_vector_dp(g, [False] * 36, *args, vertex_order(G.adjacency), True, 10**8,
                            10**36)
        except MemoryBudgetExceeded as error:
            assert "memory budget of 100.0 MB" in str(error), error
        else:
            raise AssertionError("the budget was not enforced")
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
        print(grown)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    grown = int(done.stdout.split()[-1])
    # at most the tables, plus a little for the results (untouched calloc pages
    # may not count at all, so there is no lower bound)
    assert grown <= 10**8 + 10**7


def test_peak_bytes_reported_are_within_budget():
    from sage_hcsf.fiber_types.dp import run_dp
    G = graphs.Grid2dGraph(3, 4)
    run = run_dp(G, G, memory_budget=10**7)
    assert 0 < run.peak_bytes <= 10**7
    assert run_dp(G, G, memory_budget=run.peak_bytes).result == run.result


@pytest.mark.parametrize("value, error", [(2.5, TypeError), (0, ValueError), (-3, ValueError),
                                          (True, TypeError), (None, TypeError)])
def test_budgets_are_validated_once_the_same_way_everywhere(value, error):
    got = "got " + re.escape(repr(value))
    if value is not None:    # None is "the default" for the settings and the calls
        with pytest.raises(error, match="memory_budget must be a number of bytes.*" + got):
            memory_budget(value)
        with pytest.raises(error, match="enumeration_limit must be a positive integer.*" + got):
            enumeration_limit(value)
        with pytest.raises(error, match="state_budget must be a positive integer.*" + got):
            state_budget(value)
        with pytest.raises(error, match="memory_budget must be a number of bytes.*" + got):
            fiber_type_counts(P3, P3, memory_budget=value)
        with pytest.raises(error, match="memory_budget must be a number of bytes.*" + got):
            count_homomorphisms(P3, P3, memory_budget=value)
        with pytest.raises(error, match="memory_budget must be a number of bytes.*" + got):
            h_chromatic_symmetric_function(P3, P3, memory_budget=value)
        # the deprecated budget in states: per call and global alike
        with pytest.raises(error, match="state_budget must be a positive integer.*" + got):
            fiber_type_counts(P3, P3, state_budget=value)
    assert memory_budget() == 2 * 10**9


def test_a_budget_in_bytes_takes_decimal_units_and_nothing_else_does():
    assert fiber_type_counts(P3, P3, memory_budget="1.5M") == fiber_type_counts(P3, P3)
    old = memory_budget("8G")
    assert memory_budget(old) == 8 * 10**9
    with pytest.raises(ValueError, match="memory_budget must be a number of bytes.*'8 gigs'"):
        memory_budget("8 gigs")
    with pytest.raises(TypeError, match="enumeration_limit must be a positive integer; got '10'"):
        enumeration_limit("10")


def test_huge_budgets_mean_no_limit():
    old = memory_budget(10**30)
    try:
        assert fiber_type_counts(P3, P3, algorithm="dp") == fiber_type_counts(P3, P3)
        assert count_homomorphisms(P3, P3, memory_budget=10**40) == 6
    finally:
        memory_budget(old)
    with pytest.warns(DeprecationWarning):
        old_states = state_budget(10**30)
    try:
        assert count_homomorphisms(P3, P3, algorithm="dp") == 6
    finally:
        memory_budget(old_states * 200)
    old = enumeration_limit(10**30)
    try:
        assert count_homomorphisms(P3, P3, algorithm="enumerate") == 6
    finally:
        enumeration_limit(old)


def test_power_sum_expansion_has_a_budget_naming_error():
    clear_power_sum_cache()
    with pytest.raises(MemoryBudgetExceeded, match="power-sum expansion.*memory budget of 30.0 MB"):
        chromatic_symmetric_function(graphs.PathGraph(28), algorithm="dp",
                                     memory_budget=3 * 10**7)
    # the cache stays within its share of the budget (an eighth), and clears
    assert power_sum_cache_bytes() <= 3 * 10**7 // 8
    clear_power_sum_cache()
    assert power_sum_cache_bytes() == 0


def test_power_sum_expansion_memory_is_within_budget():
    """Python-level allocations (all of the expansion's) stay within the budget."""
    clear_power_sum_cache()
    tracemalloc.start()
    try:
        with pytest.raises(MemoryBudgetExceeded):
            augmented_monomial_power_sum_expansion((1,) * 12 + (2,) * 12, memory_budget=2 * 10**7)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak <= 2 * 10**7
    clear_power_sum_cache()


def test_power_sum_cache_is_bounded():
    clear_power_sum_cache()
    for la in [(1,) * 14, (1,) * 10 + (2, 2), (1,) * 8 + (2,) * 3, (3,) * 10]:
        augmented_monomial_power_sum_expansion(la, memory_budget=8 * 10**5)
        assert power_sum_cache_bytes() <= 10**5
    clear_power_sum_cache()


def test_cached_expansions_are_not_handed_out():
    first = augmented_monomial_power_sum_expansion((2, 1, 1))
    expected = dict(first)
    first[(4,)] = 10**6
    first.clear()
    assert augmented_monomial_power_sum_expansion((2, 1, 1)) == expected


def test_block_sums_beyond_16_bits_are_refused():
    with pytest.raises(ValueError, match="below 65536; the parts sum to 80000"):
        augmented_monomial_power_sum_expansion((40000, 40000))
    assert augmented_monomial_power_sum_expansion((30000, 30000)) == \
        {(30000, 30000): 1, (60000,): -1}
