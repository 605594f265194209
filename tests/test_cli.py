"""The command line: options checked before any work, help, program name, Ctrl-C,
and the claims' sweeps (processes, progress labels, no repeated counts), the report's figures."""
import os
import pathlib
import signal
import subprocess
import sys
import time

import pytest

import sage_hcsf.fiber_types
from sage_hcsf.cli.commands import main

ROOT = pathlib.Path(__file__).resolve().parent.parent
CONSOLE_SCRIPT = pathlib.Path(sys.executable).parent / "sage-hcsf"


def exit_status(argv, capsys):
    """Run the command line in this process; return (status, stdout, stderr)."""
    try:
        status = main(argv)
    except SystemExit as stop:
        status = stop.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def existing_file(tmp_path):
    path = tmp_path / "already_here"
    path.write_text("not a folder")
    return str(path)


@pytest.mark.parametrize("argv", [
    ["reproduce", "--only", "10,99"],          # was: KeyError after claim 10 ran
    ["reproduce", "--only", "abc"],            # was: ValueError traceback
    ["reproduce", "--only", "10", "--json", "/nonexistent/dir/x.json"],   # was: lost after the run
    ["reproduce", "--only", "3", "--max-n", "-1"],    # was: "holds" on 0 trees
    ["reproduce", "--only", "3", "--max-n", "0"],
    ["reproduce", "--only", "10", "--processes", "0"],
    ["reproduce", "--only", "3", "--db", "/nonexistent/dir/trees.db"],
    ["reproduce", "--only", "10", "--executor", "dask://127.0.0.1:9"],   # no scheduler there
    ["verify", "/nonexistent/dir/mine.g6"],
    ["verify", "cubic"],                        # an unknown family
    ["verify", "trees", "--max-n", "0"],
    ["verify", "trees", "--max-n", "70"],       # beyond the tree kernel
    ["verify", "trees", "--min-n", "9", "--max-n", "5"],
    ["verify", "trees", "--db", "/nonexistent/dir/x.db"],
    ["verify", "trees", "--executor", "dask://127.0.0.1:9"],   # no scheduler there
    ["verify", "trees", "--executor", "spark://x"],
    ["verify", "trees", "--memory-budget", "lots"],
    ["verify", "trees", "--memory-budget", "1.5"],      # a fraction of a byte
    ["reproduce", "--only", "10", "--memory-budget", "0"],
    ["verify", "trees", "--recheck", "-1"],
    ["verify", "trees", "--processes", "1000000"],   # was: a million workers forked
    ["verify", "trees", "--dask-local", "1000000"],
    ["reproduce", "--only", "10", "--processes", "1000000"],
    ["verify", "--estimate", "0", "trees"],
    ["db", "/nonexistent/x.db"],
    ["mechanics", "--steps", "0"],             # was: rows of nan
    ["mechanics", "--steps", "-3"],            # was: IndexError
])
def test_bad_options_stop_before_any_work_with_one_line(argv, capsys):
    status, out, err = exit_status(argv, capsys)
    assert status == 2
    assert out == ""                            # no table, no simulation: nothing ran
    assert len(err.strip().splitlines()) == 1 and "error:" in err


@pytest.mark.parametrize("command", ["verify", "reproduce"])
@pytest.mark.parametrize("option, value, check", [
    ("--memory-budget", "lots", "byte_count"),
    ("--memory-budget", "-1G", "byte_count"),
    ("--max-n", "0", "positive_integer"),
    ("--processes", "two", "process_count"),
    ("--processes", "1000000", "process_count"),
])
def test_a_bad_count_is_refused_in_the_words_of_the_python_api(command, option, value, check,
                                                                 capsys):
    """One check of every count: the option, what it got, what it accepts."""
    import sage_hcsf.settings
    with pytest.raises((TypeError, ValueError)) as refused:
        if check == "byte_count":
            sage_hcsf.settings.byte_count(option, value)
        else:
            getattr(sage_hcsf.settings, check)(option, value, text=True)
    argv = [command] + (["trees"] if command == "verify" else ["--only", "10"])
    status, out, err = exit_status(argv + [f"{option}={value}"], capsys)   # "-1G" too
    assert status == 2 and out == ""
    assert err == (f"sage-hcsf {command}: error: {refused.value} "
                   f"(see 'sage-hcsf {command} --help')\n")


@pytest.fixture
def claims_registry():
    """The registry of claims, as it is again after the test: claims may be registered."""
    from sage_hcsf.claims import CLAIMS
    registered = dict(CLAIMS)
    yield CLAIMS
    CLAIMS.clear()
    CLAIMS.update(registered)


def test_memory_budget_with_a_fraction_of_a_unit_is_accepted(tmp_path, capsys, claims_registry):
    from sage_hcsf.claims import ClaimResult, claim
    given = []

    @claim(1001, "a claim that takes the memory budget")
    def check_with_a_budget(progress=True, memory_budget=None):
        given.append(memory_budget)
        return ClaimResult("p", "q", "holds")

    status, out, _ = exit_status(["reproduce", "--only", "1001", "--memory-budget", "1.5G"],
                                 capsys)
    assert status == 0 and "1001. a claim that takes the memory budget" in out
    assert given == [1_500_000_000]
    status, out, _ = exit_status(["verify", "forests", "--max-n", "3", "--processes", "1",
                                  "--db", str(tmp_path / "m.db"), "--memory-budget", "1.5G"],
                                 capsys)
    assert status == 1 and "BG BW" in out


def test_a_claim_that_declares_a_sweep_gets_the_cost_warning(capsys, claims_registry):
    """reproduce estimates the sweep of any claim registered with one, not of claim 3 only."""
    from sage_hcsf.claims import claim
    ran = []

    def stop(**arguments):
        ran.append(arguments)
        raise KeyboardInterrupt

    claim(1001, "a claim with a sweep of trees", sweep="trees",
          settings={"max_n": "max_n", "db": "store"}, defaults={"max_n": 5})(stop)
    claim(1002, "a claim without a sweep", settings={"max_n": "max_n"})(stop)
    status, _, err = exit_status(["reproduce", "--only", "1001", "--max-n", "32",
                                  "--processes", "2"], capsys)
    assert status == 130 and ran == [{"max_n": 32}]   # processes: not a parameter of stop
    lines = err.strip().splitlines()
    assert lines[0].startswith("warning: trees on up to 32 vertices is about ")
    assert "hours on 2 processes" in lines[0]
    assert lines[1] == ("interrupted in claim 1001; kept: nothing of claim 1001 (no --db); "
                        "resume with: sage-hcsf reproduce --only 1001 --max-n 32 --processes 2 "
                        "--db FILE")
    status, _, err = exit_status(["reproduce", "--only", "1002", "--max-n", "32"], capsys)
    assert status == 130 and "warning" not in err
    status, _, err = exit_status(["reproduce", "--only", "1001"], capsys)   # its default: 5
    assert status == 130 and "warning" not in err


def test_a_claim_that_does_not_take_max_n_says_so(tmp_path, capsys, claims_registry):
    """reproduce --max-n was silently ignored by the claims that do not take it (issue 25):
    now every claim with a range takes it, and a claim without one says so before the work,
    in its row and in the JSON, with the range it checks."""
    import json
    from sage_hcsf.claims import ClaimResult, claim
    given = {}

    @claim(1001, "a claim of its own range", defaults={"n": 4})
    def check_own(n=3, k=2, progress=True):
        given[1001] = n
        return ClaimResult("p", f"n <= {n}", "holds")

    @claim(1002, "a claim sized by --max-n")
    def check_sized(max_n=2, progress=True):
        given[1002] = max_n
        return ClaimResult("p", f"n <= {max_n}", "holds")

    path = tmp_path / "r.json"
    status, out, err = exit_status(["reproduce", "--only", "1001,1002", "--max-n", "9",
                                    "--json", str(path)], capsys)
    assert status == 0 and given == {1001: 4, 1002: 9}
    note = "claim 1001 has no range of graphs for --max-n 9 to set: it checks its own, n=4, k=2"
    assert err.splitlines() == [f"note: {note}"]
    assert "1001. a claim of its own range | p | n <= 4 (--max-n not taken) | holds" in out
    assert "1002. a claim sized by --max-n | p | n <= 9 | holds" in out
    details = {r["number"]: r["details"] for r in json.loads(path.read_text())}
    assert details == {1001: {"ignored": note}, 1002: {}}
    status, out, err = exit_status(["reproduce", "--only", "1001"], capsys)
    assert status == 0 and err == "" and "not taken" not in out


def test_max_n_beyond_a_claims_reach_is_refused_before_any_work(capsys, claims_registry):
    """Each claim declares the most --max-n it takes; beyond it reproduce names the claims
    that cannot go so far and those asked that can, and runs nothing."""
    from sage_hcsf.claims import ClaimResult, claim
    ran = []

    @claim(1001, "a claim that reaches 6", reach=6)
    def check_near(max_n=2, progress=True):
        ran.append(max_n)
        return ClaimResult("p", f"n <= {max_n}", "holds")

    @claim(1002, "a claim that reaches 9", reach=9)
    def check_far(max_n=2, progress=True):
        ran.append(max_n)
        return ClaimResult("p", f"n <= {max_n}", "holds")

    status, out, err = exit_status(["reproduce", "--only", "1001,1002", "--max-n", "7"], capsys)
    assert status == 2 and out == "" and ran == []
    assert err.count("\n") == 1 and ("--max-n 7 is more than claim 1001 takes (at most 6); "
                                     "choose the claims with --only: of those asked, 1002 "
                                     "takes it") in err
    status, out, err = exit_status(["reproduce", "--only", "1001,1002", "--max-n", "6"], capsys)
    assert status == 0 and ran == [6, 6]
    from sage_hcsf.claims import CLAIMS
    with pytest.raises(ValueError, match="claim 1002 reaches max_n = 9 at most; got 10"):
        CLAIMS[1002].run(progress=False, max_n=10)


def test_the_help_of_reproduce_lists_the_options_each_claim_takes(capsys, claims_registry):
    from sage_hcsf.claims import ClaimResult, claim

    @claim(1001, "a claim with a sweep", sweep="trees", reach=9, defaults={"max_n": 7})
    def check_sweep(max_n=3, progress=True, processes=None):
        return ClaimResult("p", "q", "holds")

    status, out, _ = exit_status(["reproduce", "--help"], capsys)
    assert status == 0
    assert out.endswith("  1001. a claim with a sweep\n     --max-n (default 7, at most 9), "
                        "--processes\n")


def test_a_store_that_cannot_be_created_is_named_so(capsys):
    status, out, err = exit_status(["verify", "trees", "--db", "/proc/x.db"], capsys)
    assert status == 2 and out == ""      # was: "/proc/x.db is not a sage_hcsf result store"
    assert "cannot create '/proc/x.db'" in err and "result store" not in err


@pytest.mark.parametrize("command", [["reproduce", "--only", "10"], ["mechanics", "--steps", "5"]])
def test_plot_onto_an_existing_file_is_refused_before_any_work(command, existing_file, capsys):
    status, out, err = exit_status(command + ["--plot", existing_file], capsys)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "is a file, not a folder" in err


def test_a_missing_plot_folder_is_created(tmp_path, capsys):
    folder = tmp_path / "new" / "figures"
    status, out, _ = exit_status(["reproduce", "--only", "10", "--plot", str(folder)], capsys)
    assert status == 0 and "10. m, p, e" in out
    assert folder.is_dir()


def test_help_describes_each_command_and_lists_the_claims(capsys):
    status, out, _ = exit_status(["--help"], capsys)
    assert status == 0
    for name in ("reproduce", "tour", "mechanics", "verify", "db"):
        assert f"  {name}  " in out
    from sage_hcsf.claims import CLAIMS
    status, out, _ = exit_status(["reproduce", "--help"], capsys)
    assert status == 0 and "Check the published claims" in out
    for number, claim in CLAIMS.items():
        assert f"{number}. {claim.statement}" in out
    for option in ("--max-n", "--only", "--json", "--plot", "--processes", "--db"):
        assert option in out
    status, out, _ = exit_status(["mechanics", "--help"], capsys)
    assert status == 0 and "optimiser steps" in out and "heavy ball" in out


@pytest.mark.parametrize("command, name", [
    ([str(CONSOLE_SCRIPT)], "sage-hcsf"),
    ([sys.executable, "-m", "sage_hcsf"], "python -m sage_hcsf"),
])
def test_usage_names_the_program_as_it_was_run(command, name):
    if not os.path.exists(command[0]):
        pytest.skip("the console script is not installed")
    done = subprocess.run(command + ["reproduce", "--only", "0"], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr.startswith(f"{name} reproduce: error: argument --only: there is no claim 0")
    done = subprocess.run(command + ["--help"], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.startswith(f"usage: {name} ")


def children(pid):
    """Return the process ids whose parent is ``pid``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stream:
                    fields = stream.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def ignores_sigint(pid):
    """Return whether the process ``pid`` ignores SIGINT (from /proc/<pid>/status)."""
    try:
        with open(f"/proc/{pid}/status") as stream:
            for line in stream:
                if line.startswith("SigIgn:"):
                    return bool(int(line.split()[1], 16) & (1 << (signal.SIGINT - 1)))
    except OSError:
        pass
    return False


def test_ctrl_c_says_in_one_line_what_was_kept_and_how_to_resume(tmp_path):
    """Ctrl-C in the terminal reaches the whole job: the command and its workers."""
    report, figures = str(tmp_path / "r.json"), str(tmp_path / "figs")
    job = subprocess.Popen([sys.executable, "-m", "sage_hcsf", "reproduce", "--only", "2,4",
                            "--processes", "2", "--json", report, "--plot", figures],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                           start_new_session=True)
    rows = [job.stdout.readline() for _ in range(3)]     # the header, then claim 2
    assert rows[2].startswith("2. self-CSF detects the number of components"), rows
    deadline = time.time() + 120
    # the workers of claim 4's sweep are ready once they ignore Ctrl-C themselves
    while (len([pid for pid in children(job.pid) if ignores_sigint(pid)]) < 2
           and job.poll() is None and time.time() < deadline):
        time.sleep(0.05)
    assert job.poll() is None, "the sweep of claim 4 ended before it could be interrupted"
    assert len([pid for pid in children(job.pid) if ignores_sigint(pid)]) == 2
    os.killpg(job.pid, signal.SIGINT)
    out, err = job.communicate(timeout=60)
    assert job.returncode == 130
    assert err.strip().splitlines() == [
        f"interrupted in claim 4; kept: claim 2 (rows above, in {report}, figures in {figures}); "
        f"resume with: python -m sage_hcsf reproduce --only 4 --json {report} --plot {figures} "
        "--processes 2"]                          # every option again
    assert out == ""                              # no more rows after the interrupt


@pytest.fixture
def claims_1_and_2_interrupted(monkeypatch):
    """Claim 1 finishes at once (a small range); claim 2 is interrupted by Ctrl-C."""
    import dataclasses

    from sage_hcsf.claims import CLAIMS
    from sage_hcsf.claims.distinguishability import check_trees_vs_non_trees
    small = check_trees_vs_non_trees(5, progress=False, processes=1)

    def interrupted(**settings):
        raise KeyboardInterrupt

    monkeypatch.setitem(CLAIMS, 1, dataclasses.replace(CLAIMS[1], checker=lambda **s: small))
    monkeypatch.setitem(CLAIMS, 2, dataclasses.replace(CLAIMS[2], checker=interrupted))


def test_a_resumed_reproduce_keeps_the_json_and_figures_of_the_first_run(
        tmp_path, capsys, monkeypatch, claims_1_and_2_interrupted):
    import json
    report, figures = str(tmp_path / "r.json"), tmp_path / "figs"
    status, _, err = exit_status(["reproduce", "--only", "1,2", "--json", report,
                                  "--plot", str(figures)], capsys)
    assert status == 130 and f"--only 2 --json {report} --plot {figures}" in err
    assert (figures / "self_csf_coincidences.png").exists()   # drawn as claim 1 finished
    monkeypatch.undo()
    status, _, err = exit_status(["reproduce", "--only", "2,10", "--max-n", "4",
                                  "--json", report, "--plot", str(figures)], capsys)
    assert status == 0 and "keeps claims 1 of an earlier run" in err
    assert [r["number"] for r in json.loads(open(report).read())] == [1, 2, 10]
    assert (figures / "self_csf_coincidences.png").exists()


def test_verify_says_what_comes_from_the_store(tmp_path, capsys):
    db = str(tmp_path / "t.db")
    status, out, _ = exit_status(["verify", "trees", "--max-n", "8", "--db", db,
                                  "--processes", "1"], capsys)
    assert status == 0 and "resuming" not in out
    status, out, _ = exit_status(["verify", "trees", "--max-n", "10", "--db", db,
                                  "--processes", "1"], capsys)
    assert status == 0
    assert "resuming: the first pass of n = 1-8 (every slice) comes from the store" in out


FORK_HOOK = {"interrupt": False}   # Ctrl-C "pressed" while the next fork runs its hooks


def interrupted_fork_hook():
    """A real Ctrl-C (SIGINT to this process) while a fork runs its hooks:
    raised there, Python would drop it."""
    if FORK_HOOK["interrupt"]:
        FORK_HOOK["interrupt"] = False
        os.kill(os.getpid(), signal.SIGINT)


os.register_at_fork(after_in_parent=interrupted_fork_hook)


@pytest.fixture
def ctrl_c_in_a_fork_hook():
    FORK_HOOK["interrupt"] = True
    yield
    FORK_HOOK["interrupt"] = False


def test_ctrl_c_in_a_fork_hook_stops_a_sweep(ctrl_c_in_a_fork_hook):
    """Python drops an exception raised in a fork hook: it happened to Ctrl-C as a pool forked."""
    from sage_hcsf.parallel.local import LocalExecutor
    executor = LocalExecutor(2)
    with pytest.raises(KeyboardInterrupt):
        list(executor.map_unordered(abs, range(-20, 20)))
    assert executor._pool is None                  # the workers were stopped


def test_ctrl_c_in_a_fork_hook_stops_the_shards_of_a_run(ctrl_c_in_a_fork_hook):
    """Shards fork only in a process without other threads (earlier tests may
    leave some, e.g. Dask's): there the interrupt is raised; elsewhere the
    run stays in this process and forks nothing."""
    from sage_hcsf.kernels.fiber_dp import fiber_vector_dp
    from sage_hcsf.parallel.shards import Shards, _may_fork
    P6 = [[1]] + [[i - 1, i + 1] for i in range(1, 5)] + [[4]]
    arguments = (P6, [False] * 6, P6, list(range(6)), list(range(1, 7)), list(range(6)),
                 True, 10**7, 6**6)
    if _may_fork():
        with pytest.raises(KeyboardInterrupt):
            fiber_vector_dp(*arguments, forget_dead=True, finish=Shards(processes=2, split_at=1))
    else:
        assert fiber_vector_dp(*arguments, forget_dead=True,
                               finish=Shards(processes=2, split_at=1))[0] == \
            fiber_vector_dp(*arguments, forget_dead=True)[0]
        assert FORK_HOOK["interrupt"]  # no fork ran its hooks


def test_ctrl_c_in_a_fork_hook_stops_reproduce(ctrl_c_in_a_fork_hook, capsys):
    status, out, err = exit_status(["reproduce", "--only", "2,10", "--processes", "2"], capsys)
    assert status == 130 and "interrupted in claim 2" in err and "10." not in out


@pytest.fixture
def sweeps(monkeypatch):
    """Record the processes asked of every sweep."""
    import sage_hcsf.parallel
    asked = []
    real = sage_hcsf.parallel.executors.run_sweep

    def recording(worker, items, processes=None, *args, **kwargs):
        asked.append(processes)
        return real(worker, items, processes, *args, **kwargs)

    monkeypatch.setattr(sage_hcsf.certify.batch, "run_sweep", recording)
    import sage_hcsf.certify                     # claims 4 and 5 walk the certificate ladder
    make = sage_hcsf.parallel.executors.make_executor

    def recording_executor(executor=None, processes=None, *args, **kwargs):
        asked.append(processes)
        return make(executor, processes, *args, **kwargs)

    monkeypatch.setattr(sage_hcsf.certify.runs, "make_executor", recording_executor)
    return asked


def test_every_sweep_of_the_claims_takes_the_processes(sweeps):
    """--processes was ignored by claim 1 (and claims 2, 4, 5 always ran on one process)."""
    from sage_hcsf.claims import CLAIMS, run_claims
    takes = [n for n, claim in CLAIMS.items() if "processes" in claim.arguments({"processes": 3})]
    assert {1, 2, 3, 4, 5} <= set(takes)
    assert CLAIMS[1].arguments({"processes": 3, "progress": False}) == \
        {"processes": 3, "progress": False}
    run_claims([2, 4], progress=False, processes=2)
    assert sweeps == [2, 2]


def test_progress_bars_are_labelled_by_family(capsys):
    from sage_hcsf.claims.distinguishability import (check_caterpillar_degrees,
                                                     check_forest_components, check_spider_legs,
                                                     check_trees_vs_non_trees)
    for check, label in ((check_trees_vs_non_trees, "graphs"), (check_forest_components, "forests"),
                         (check_spider_legs, "spiders"), (check_caterpillar_degrees, "caterpillars")):
        check(6, progress=True, processes=1)
        err = capsys.readouterr().err
        assert err.lstrip("\r").startswith((label + ":", label + " n=1:")), (label, err[:80])


def test_polynomial_coincidences_count_each_pair_once(monkeypatch):
    """Every fiber_type_counts(G, H) was computed twice (once for chi, once for X)."""
    original = sage_hcsf.fiber_types.counts.fiber_type_counts
    calls = []

    def counting(*args, **kwargs):
        calls.append(args[:2])
        return original(*args, **kwargs)

    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("sage_hcsf") and \
                getattr(module, "fiber_type_counts", None) is original:
            monkeypatch.setattr(module, "fiber_type_counts", counting)
    from sage_hcsf.claims.polynomial import check_polynomial_coincidences
    result = check_polynomial_coincidences(4, progress=False)
    assert result.details["pairs"] == {"C5": 0, "K3": 2, "P3": 0}
    assert len(calls) == 11 * 3                  # 11 graphs on 4 vertices, 3 targets


def test_report_figures_log_scale_and_no_raw_tex(tmp_path, monkeypatch):
    import re

    from matplotlib.figure import Figure

    from sage_hcsf.claims.distinguishability import check_trees_vs_non_trees
    from sage_hcsf.claims.stars import check_star_p_monotonicity
    from sage_hcsf.claims.report import write_plots
    saved = {}
    real_savefig = Figure.savefig

    def keep(figure, path, **kwargs):
        saved[os.path.basename(path)] = figure.axes[0]
        return real_savefig(figure, path, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    results = [check_trees_vs_non_trees(6, progress=False, processes=1),
               check_star_p_monotonicity(5, progress=False)]
    assert write_plots(results, str(tmp_path)) == ["self_csf_coincidences.png", "star_k0.png"]
    coincidences = saved["self_csf_coincidences.png"]
    assert coincidences.get_yscale() == "log"
    assert coincidences.get_ylim()[0] < 1        # a single class (n = 3, 6) is a visible bar
    heights = sorted(bar.get_height() for bar in coincidences.patches)
    assert heights == [1, 1]
    zeros = sorted(text.xy[0] for text in coincidences.texts if text.get_text() == "0")
    assert zeros == [1, 2, 4, 5]                 # orders without a class show 0, not a blank
    stars = saved["star_k0.png"]                 # overlapping dots: each says how many graphs
    dots = stars.collections[0].get_offsets()
    assert len({tuple(dot) for dot in dots.tolist()}) == len(dots)
    assert sum(int(text.get_text()) for text in stars.texts) == 1 + 1 + 3 + 5   # on 2..5 vertices
    for axes in saved.values():
        for text in (axes.get_title(), axes.get_xlabel(), axes.get_ylabel()):
            outside_math = re.sub(r"\$[^$]*\$", "", text)
            assert not re.search(r"[\\^_{}]", outside_math), text


def test_verify_exit_statuses_and_the_store(tmp_path, capsys):
    db = str(tmp_path / "v.db")
    status, out, _ = exit_status(["verify", "trees", "--max-n", "10", "--db", db,
                                  "--processes", "1"], capsys)
    assert status == 0 and "every pair separated" in out
    status, out, _ = exit_status(["verify", "forests", "--max-n", "4", "--db", db,
                                  "--processes", "1", "--json", str(tmp_path / "v.json")], capsys)
    assert status == 1 and "BG BW" in out      # P3 and K2+K1, canonical graph6
    assert (tmp_path / "v.json").exists()
    status, out, _ = exit_status(["verify", "forests", "--max-n", "3", "--min-n", "3",
                                  "--db", str(tmp_path / "w.db"), "--processes", "1",
                                  "--memory-budget", "1"], capsys)
    assert status == 3 and "undecided: " in out
    status, out, _ = exit_status(["db", db], capsys)
    assert status == 0 and "trees n=10: 106 graphs, separated" in out


def test_verify_reads_graph6_files_with_headers(tmp_path, capsys):
    # as geng -h writes them (header before the first graph) and as a header line alone
    for text in (">>graph6<<Bw\nBW\nBG\n", ">>graph6<<\nBw\nBW\nBG\n",
                 ">>sparse6<<:BcN\n>>graph6<<BW\n>>graph6<<BG\n"):
        path = tmp_path / "mine.g6"
        path.write_text(text)
        status, out, err = exit_status(["verify", str(path), "--db", str(tmp_path / "h.db"),
                                        "--processes", "1"], capsys)
        assert status == 1 and err == "" and "1 class of graphs with equal self-CSF" in out


def test_verify_names_the_graphs_of_a_file_by_their_lines(tmp_path, capsys):
    import json
    path = tmp_path / "mine.g6"
    path.write_text(">>graph6<<Bw\nCF\n\nBg\nCR\nBG\n")   # P3 = Bg (line 4), K2+K1 = BG (line 6)
    status, out, _ = exit_status(["verify", str(path), "--db", str(tmp_path / "f.db"),
                                  "--processes", "1", "--json", str(tmp_path / "f.json")], capsys)
    assert status == 1
    assert "    line 4: Bg | BW\n    line 6: BG | BG\n" in out
    report = json.loads((tmp_path / "f.json").read_text())
    assert report["equal classes"] == [[
        {"line": 4, "as written": "Bg", "graph6": "BW"},
        {"line": 6, "as written": "BG", "graph6": "BG"}]]


def test_ctrl_c_in_verify_keeps_the_store_and_prints_the_resuming_command(tmp_path):
    import sqlite3
    from sage_hcsf.store import ResultStore
    db = str(tmp_path / "trees.db")
    argv = ["verify", "trees", "--max-n", "20", "--db", db, "--processes", "2"]
    job = subprocess.Popen([str(CONSOLE_SCRIPT)] + argv, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, start_new_session=True)

    def stored():
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as store:
                return store.execute("SELECT count(*) FROM tasks").fetchone()[0]
        except sqlite3.Error:
            return 0

    deadline = time.time() + 120
    while stored() < 20 and job.poll() is None and time.time() < deadline:
        time.sleep(0.1)
    assert job.poll() is None, "the sweep ended before it could be interrupted"
    os.killpg(job.pid, signal.SIGINT)
    out, err = job.communicate(timeout=60)
    assert job.returncode == 130
    assert err.strip().splitlines() == [
        f"interrupted; every result computed so far is kept in {db}; the same command "
        f"resumes: sage-hcsf {' '.join(argv)}"]
    summary = ResultStore(db, readonly=True).summary()
    assert summary["runs"][0]["status"] == "interrupted"
    assert sum(row["tasks"] for row in summary["tasks"]["trees"]) >= 20


def test_a_hopeless_max_n_is_announced_before_the_work(monkeypatch, capsys):
    import sage_hcsf.certify
    from sage_hcsf.claims import CLAIMS

    def stop(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sage_hcsf.certify.runs, "certify_self_csf", stop)
    status, _, err = exit_status(["verify", "trees", "--max-n", "32", "--processes", "2",
                                  "--db", ":memory:"], capsys)
    assert status == 130
    assert err.startswith("warning: trees on up to 32 vertices is about ")
    assert "hours on 2 processes" in err
    status, _, err = exit_status(["verify", "trees", "--max-n", "18", "--db", ":memory:"], capsys)
    assert "warning" not in err
    import dataclasses
    monkeypatch.setitem(CLAIMS, 3, dataclasses.replace(   # stop's signature has no max_n
        CLAIMS[3], checker=stop, settings={**CLAIMS[3].settings, "max_n": "max_n"}))
    status, _, err = exit_status(["reproduce", "--only", "3", "--max-n", "32"], capsys)
    assert status == 130 and err.startswith("warning: trees on up to 32 vertices")


def test_sigterm_stops_like_ctrl_c(tmp_path):
    """SIGTERM (kill PID, to the command alone) exited without the line and the resume hint."""
    job = subprocess.Popen([sys.executable, "-m", "sage_hcsf", "reproduce", "--only", "2,5",
                            "--processes", "2"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    rows = [job.stdout.readline() for _ in range(3)]     # the header, then claim 2
    assert rows[2].startswith("2. self-CSF detects the number of components"), rows
    time.sleep(1)
    assert job.poll() is None, "claim 5 ended before it could be stopped"
    job.terminate()
    out, err = job.communicate(timeout=60)
    assert job.returncode == 143
    assert err.strip().splitlines() == [
        "interrupted in claim 5; kept: claim 2 (rows above); "
        "resume with: python -m sage_hcsf reproduce --only 5 --processes 2"]
    assert children(job.pid) == []


def test_db_export_has_every_verdict_and_count(tmp_path, capsys):
    import json
    db = str(tmp_path / "e.db")
    exit_status(["verify", "forests", "--max-n", "4", "--db", db, "--processes", "1"], capsys)
    status, out, _ = exit_status(["db", db, "--export"], capsys)
    exported = json.loads(out)
    assert status == 0 and sorted(exported["verdicts"]) == [f"forests n={n}" for n in range(1, 5)]
    assert exported["verdicts"]["forests n=3"]["equal"] == [["BG", "BW"]]
    assert exported["graphs"]["BW"]["fiber-type counts"] == [[[2, 1], 4], [[1, 1, 1], 2]]
    assert exported["graphs"]["BW"]["invariants"]["aut"] == 2


def test_reproduce_checks_max_n_and_db_before_any_work(tmp_path, capsys):
    """reproduce ran claims 1-2 for half a minute, then died with a traceback
    (exit 1, which means a contradicted claim)."""
    status, out, err = exit_status(["reproduce", "--max-n", "70"], capsys)
    assert status == 2 and out == "" and "--max-n 70 is more than claims 1, 2, 3" in err
    foreign = tmp_path / "foreign.db"
    foreign.write_text("not a database at all, but long enough to be read as one" * 20)
    status, out, err = exit_status(["reproduce", "--db", str(foreign)], capsys)
    assert status == 2 and out == "" and "not a sage_hcsf result store" in err


def test_the_resume_line_of_verify_can_be_pasted(capsys, monkeypatch):
    import sage_hcsf.certify

    def stop(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sage_hcsf.certify.runs, "certify_self_csf", stop)
    from sage_hcsf.cli.commands import main
    try:
        status = main(["verify", "trees", "--max-n", "9", "--db", ":memory:"],
                      prog="python -m sage_hcsf")
    except SystemExit as exit:
        status = exit.code
    err = capsys.readouterr().err
    assert status == 130
    assert "resumes: python -m sage_hcsf verify trees --max-n 9 --db :memory:" in err


# "A newcomer's first hour", part 5: the rough edges of the command line --------


def test_more_processes_than_four_a_core_are_refused_naming_the_cores(capsys):
    """--processes 1000 on 2 cores forked a thousand workers (17.9 s instead of 1.2 s)."""
    from sage_hcsf.settings import cores
    status, out, err = exit_status(["verify", "trees", "--max-n", "12",
                                    "--processes", str(4 * cores() + 1)], capsys)
    assert status == 2 and out == ""
    assert err == (f"sage-hcsf verify: error: --processes must be a positive integer at most "
                   f"{4 * cores()} (4 times the {cores()} core{'s' if cores() > 1 else ''} of "
                   f"this machine); got {4 * cores() + 1} (see 'sage-hcsf verify --help')\n")
    from sage_hcsf import certify_self_csf
    with pytest.raises(ValueError, match="processes must be a positive integer at most"):
        certify_self_csf("trees", 5, processes=4 * cores() + 1)


def mapped(pid, part):
    """Whether the process ``pid`` has a file whose path holds ``part`` mapped (a loaded
    extension module)."""
    try:
        with open(f"/proc/{pid}/maps") as stream:
            return part in stream.read()
    except OSError:
        return False


@pytest.mark.parametrize("command, name", [
    ([str(CONSOLE_SCRIPT)], "sage-hcsf"),
    ([sys.executable, "-m", "sage_hcsf"], "python -m sage_hcsf"),
])
@pytest.mark.parametrize("loading", ["/sage/rings/", "/sage/graphs/"])
def test_ctrl_c_while_sage_loads_is_one_line(command, name, loading, tmp_path):
    """Ctrl-C in the first 0.7 s of any command printed a traceback of 73 to 219 lines
    from inside Sage's imports: first while sage_hcsf imports Sage's core, then while
    the commands import the graph code."""
    if not os.path.exists(command[0]):
        pytest.skip("the console script is not installed")
    job = subprocess.Popen(command + ["verify", "trees", "--max-n", "12", "--db",
                                      str(tmp_path / "t.db"), "--processes", "1"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while not mapped(job.pid, loading) and job.poll() is None and time.time() < deadline:
        time.sleep(0.002)
    assert job.poll() is None, "the command ended before Sage was loaded"
    job.send_signal(signal.SIGINT)
    out, err = job.communicate(timeout=60)
    assert job.returncode == 130, err
    assert err == f"{name}: interrupted while loading; nothing was run\n"
    assert out == ""


def test_ctrl_c_in_a_command_without_a_resume_line_is_one_line(monkeypatch, capsys):
    """tour, mechanics and db have nothing to keep: Ctrl-C printed a traceback."""
    import dataclasses

    import sage_hcsf.cli.commands

    def interrupted(arguments):
        raise KeyboardInterrupt

    monkeypatch.setattr(sage_hcsf.cli.commands, "COMMANDS", tuple(
        dataclasses.replace(command, run=interrupted) if command.name == "tour" else command
        for command in sage_hcsf.cli.commands.COMMANDS))
    status, out, err = exit_status(["tour"], capsys)
    assert status == 130 and out == "" and err == "sage-hcsf tour: interrupted\n"


def test_a_closed_pipe_stops_quietly_and_the_run_resumes(tmp_path):
    """`verify trees --max-n 22 | head -3` exited 0 and recorded the run as failed."""
    from sage_hcsf.store import ResultStore
    db = str(tmp_path / "trees.db")
    job = subprocess.Popen([str(CONSOLE_SCRIPT), "verify", "trees", "--max-n", "22",
                            "--db", db, "--processes", "2"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while not job.stdout.readline().startswith("1 | "):   # the row of n = 1
        assert job.poll() is None
    job.stdout.close()                                     # as head does after its lines
    err = job.stderr.read()
    assert job.wait(timeout=120) == 141                    # 128 + SIGPIPE, as the shell's
    assert err == ""                                       # quietly
    runs = ResultStore(db, readonly=True).summary()["runs"]
    assert [run["status"] for run in runs] == ["interrupted"]


def test_a_graph6_file_is_named_as_given_and_may_have_comments(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.g6").write_text("# P3 and K2+K1\n\nBg  # the path\n   \nBG\n")
    status, out, err = exit_status(["verify", "good.g6", "--db", "g.db", "--processes", "1"],
                                   capsys)
    assert status == 1 and err == ""
    assert out.splitlines()[-1] == "good.g6 on 3..3 vertices: 1 class of graphs with equal self-CSF"
    assert "file:" not in out
    assert "    line 3: Bg  # the path | BW\n    line 5: BG | BG\n" in out


@pytest.mark.parametrize("text, words", [
    (b"Bg\n\x89PNG\r\n\x1a\n\x00\xff\xfe",
     "line 2: not text (a binary file?); a graph6 or sparse6 string a line"),
    (b"Bg\nBW\nthis is not a graph at all, and a long line too\n",
     "line 3: not a graph6 or sparse6 string: 'this is not a graph at all, and a long l...'"),
])
def test_a_bad_graph6_file_is_one_short_line_with_the_line_number(text, words, tmp_path, capsys):
    """A binary file gave a UTF-8 decode error without a line number; a garbage line a
    341-character message that repeated itself and named a variable G."""
    path = tmp_path / "bad.g6"
    path.write_bytes(text)
    status, out, err = exit_status(["verify", str(path), "--db", str(tmp_path / "b.db")], capsys)
    assert status == 2 and out == ""
    assert err == f"sage-hcsf verify: error: argument FAMILY: {path}, {words} (see 'sage-hcsf verify --help')\n"
    assert len(err) - len(str(path)) < 170           # was 341 characters, Sage's own repeated


@pytest.mark.parametrize("family, max_n", [("trees", "14"), ("graphs", "5"),
                                           ("trees", "12 --invariant csf")])
def test_the_verify_table_fits_100_columns(family, max_n, tmp_path, capsys):
    """The table was 204 characters wide (13 columns)."""
    status, out, _ = exit_status(["verify", family, "--max-n", *max_n.split(), "--db",
                                  str(tmp_path / "w.db"), "--processes", "1"], capsys)
    assert status in (0, 1)
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "graphs still colliding after each certificate: " in out   # the legend


def test_estimate_shows_small_times_and_the_drivers_memory(monkeypatch, capsys):
    """Every wall time was "0 s", and the peak memory a guessed 400 MB at n = 1."""
    import sage_hcsf.certify.estimate
    monkeypatch.setattr(sage_hcsf.certify.estimate, "driver_baseline", lambda: 123_456_789)
    status, out, _ = exit_status(["verify", "trees", "--max-n", "3", "--estimate", "1"], capsys)
    assert status == 0
    rows = out.splitlines()[2:]
    assert [row.split(" | ")[4] for row in rows] == ["123.5 MB"] * 3
    assert all(row.endswith("< 1 s | < 1 s | < 1 s") for row in rows)


def test_estimate_does_not_take_the_family_for_its_value(capsys):
    """`verify --estimate trees` said "--estimate must be a positive integer; got 'trees'"."""
    status, out, err = exit_status(["verify", "--estimate", "--max-n", "2", "trees"], capsys)
    assert status == 0 and out.startswith("estimated from 2 random slices") and err == ""
    status, out, err = exit_status(["verify", "--estimate", "trees", "--max-n", "2"], capsys)
    assert status == 0 and out.startswith("estimated from 2 random slices") and err == ""
    status, out, err = exit_status(["verify", "--estimate", "1", "trees", "--max-n", "2"], capsys)
    assert status == 0 and out.startswith("estimated from 1 random slice of each order")


def test_db_of_a_folder_says_it_is_a_folder(tmp_path, capsys):
    """Was "not a sage_hcsf result store (disk I/O error)"."""
    status, out, err = exit_status(["db", str(tmp_path)], capsys)
    assert status == 2 and out == ""
    assert err == f"sage-hcsf db: error: {tmp_path} is a folder, not a result store\n"
