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
from sage_hcsf.cli import main

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
    ["db", "/nonexistent/x.db"],
    ["mechanics", "--steps", "0"],             # was: rows of nan
    ["mechanics", "--steps", "-3"],            # was: IndexError
])
def test_bad_options_stop_before_any_work_with_one_line(argv, capsys):
    status, out, err = exit_status(argv, capsys)
    assert status == 2
    assert out == ""                            # no table, no simulation: nothing ran
    assert len(err.strip().splitlines()) == 1 and "error:" in err


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


def test_ctrl_c_says_in_one_line_what_was_kept_and_how_to_resume():
    """Ctrl-C in the terminal reaches the whole job: the command and its workers."""
    job = subprocess.Popen([sys.executable, "-m", "sage_hcsf", "reproduce", "--only", "2,4",
                            "--processes", "2"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                           start_new_session=True)
    rows = [job.stdout.readline() for _ in range(3)]     # the header, then claim 2
    assert rows[2].startswith("2. self-CSF detects the number of components"), rows
    deadline = time.time() + 120
    while len(children(job.pid)) < 2 and job.poll() is None and time.time() < deadline:
        time.sleep(0.2)
    time.sleep(1)
    assert job.poll() is None, "the sweep of claim 4 ended before it could be interrupted"
    os.killpg(job.pid, signal.SIGINT)
    out, err = job.communicate(timeout=60)
    assert job.returncode == 130
    assert err.strip().splitlines() == [
        "interrupted in claim 4; kept: claim 2 (rows above); "
        "resume with: python -m sage_hcsf reproduce --only 4 --processes 2"]
    assert out == ""                              # no more rows after the interrupt


@pytest.fixture
def sweeps(monkeypatch):
    """Record the processes asked of every sweep."""
    import sage_hcsf.sweep
    asked = []
    real = sage_hcsf.sweep.run_sweep

    def recording(worker, items, processes=None, *args, **kwargs):
        asked.append(processes)
        return real(worker, items, processes, *args, **kwargs)

    monkeypatch.setattr(sage_hcsf.sweep, "run_sweep", recording)
    import sage_hcsf.certify                     # claims 4 and 5 walk the certificate ladder
    make = sage_hcsf.certify.make_executor

    def recording_executor(executor=None, processes=None, *args, **kwargs):
        asked.append(processes)
        return make(executor, processes, *args, **kwargs)

    monkeypatch.setattr(sage_hcsf.certify, "make_executor", recording_executor)
    return asked


def test_every_sweep_of_the_claims_takes_the_processes(sweeps):
    """--processes was ignored by claim 1 (and claims 2, 4, 5 always ran on one process)."""
    from sage_hcsf.claims import CLAIMS, run_claims
    takes = [n for n, claim in CLAIMS.items() if "processes" in claim.arguments({"processes": 3})]
    assert takes == [1, 2, 3, 4, 5]
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
        assert err.lstrip("\r").startswith(label + ":"), (label, err[:80])


def test_polynomial_coincidences_count_each_pair_once(monkeypatch):
    """Every fiber_type_counts(G, H) was computed twice (once for chi, once for X)."""
    original = sage_hcsf.fiber_types.fiber_type_counts
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
    from sage_hcsf.report import write_plots
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
