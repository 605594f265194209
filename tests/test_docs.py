"""What a Sage user expects around the code: reference docs, license, a working `?`."""
import os
import pathlib
import shutil
import subprocess
import sys
import tomllib

import pytest

import sage_hcsf

ROOT = pathlib.Path(__file__).resolve().parent.parent


def load_docs_conf():
    """The Sphinx configuration module docs/conf.py."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("sage_hcsf_docs_conf", ROOT / "docs" / "conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    return conf


def test_docs_reference_every_module_and_every_tutorial():
    """The module list is made from the package: nothing to forget."""
    conf = load_docs_conf()
    modules = set(conf.package_modules())
    package = ROOT / "sage_hcsf"
    on_disk = set()
    for path in package.rglob("*"):
        if path.suffix in (".py", ".so") and "__pycache__" not in path.parts:
            parts = path.relative_to(ROOT).with_name(path.name.split(".")[0]).parts
            on_disk.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    assert modules == on_disk
    assert {"sage_hcsf.mechanics.laws", "sage_hcsf.kernels.fiber_dp", "sage_hcsf.fiber_types"} <= modules
    assert "_generated/modules/*" in (ROOT / "docs" / "reference.rst").read_text()
    assert "_generated/tutorials/*" in (ROOT / "docs" / "tutorials.rst").read_text()
    assert sorted(p.name for p in (ROOT / "doctests").glob("*.rst"))


def test_make_test_builds_the_docs_with_warnings_as_errors():
    makefile = (ROOT / "Makefile").read_text()
    test_rule = next(line for line in makefile.splitlines() if line.startswith("test:"))
    assert "docs" in test_rule.split()
    docs_rule = makefile[makefile.index("\ndocs:"):].split("\n\n")[0]
    assert "sphinx" in docs_rule and " -W " in docs_rule


def test_built_docs_typeset_every_formula_offline(tmp_path):
    """Offline, MathJax from its CDN left every formula raw TeX (`\\(X_G^H\\)`)."""
    import re
    out = tmp_path / "html"
    built = subprocess.run([sys.executable, "-m", "sphinx", "-E", "-W", "--keep-going", "-q",
                            "-b", "html", str(ROOT / "docs"), str(out)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    pages = {path.name: path.read_text() for path in out.rglob("*.html")}
    assert len(pages) > 10
    for name, html in pages.items():
        assert "\\(" not in html and "\\[" not in html, name      # raw inline or display TeX
        assert not re.search(r"<m[ion][^>]*>\\\\[A-Za-z]", html), name   # a command left as text
        assert not re.search(r"<script[^>]*(mathjax|cdn)", html, re.I), name
    assert pages["mathematics.html"].count("<math") > 20
    assert "custom.css" in pages["index.html"]
    css = (out / "_static" / "custom.css").read_text()
    assert "overflow-x: auto" in css and "overflow-wrap: anywhere" in css   # code, sidebar


def test_license_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == {"text": "GPL-2.0-or-later"}
    license_text = (ROOT / "LICENSE").read_text()
    assert "GNU GENERAL PUBLIC LICENSE" in license_text and "Version 2, June 1991" in license_text
    assert "any later version" in license_text
    assert project["urls"] and all(u.startswith("https://") for u in project["urls"].values())
    assert "sage_hcsf" in (ROOT / "AUTHORS").read_text()


def test_readme_points_to_no_file_users_lack():
    readme = (ROOT / "README.md").read_text()
    assert "../shared" not in readme


@pytest.mark.skipif(shutil.which("script") is None or shutil.which("make") is None,
                    reason="needs script(1) and make")
def test_make_sage_environment_lets_ipython_ask_the_screen_size():
    """`?` in `sage` with TERM=xterm: IPython asks curses for the screen size,
    and passagemath's ncurses finds no terminal database unless `make sage`
    sets the environment up (run in a pseudo-terminal, as a user would)."""
    sage = pathlib.Path(sys.executable).parent / "sage"
    if not sage.exists():
        pytest.skip("no sage next to this python")
    env = {**os.environ, "TERM": "xterm"}
    env.pop("TERMINFO_DIRS", None)
    shown = subprocess.run(["make", "-s", "-o", "build", "sage", "SAGE=env"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    variables = dict(line.split("=", 1) for line in shown.stdout.splitlines() if "=" in line)
    env["TERM"], env["TERMINFO_DIRS"] = variables["TERM"], variables["TERMINFO_DIRS"]
    check = ("from IPython.core.page import _detect_screen_size; "
             "print('screen lines', _detect_screen_size(25))")
    result = subprocess.run(["script", "-qec", f"{sage} -c \"{check}\"", "/dev/null"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300)
    assert "screen lines" in result.stdout, result.stdout + result.stderr
    assert "could not find terminfo" not in result.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_builds_quietly_and_only_when_a_kernel_changed():
    """`make sage` printed setuptools' _BetaConfiguration warning at every start."""
    build = ["make", "-s", "-o", ".venv/.sage_hcsf-installed", "build"]   # never pip install
    first = subprocess.run(build, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stderr
    assert "BetaConfiguration" not in first.stdout + first.stderr
    again = subprocess.run(build, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and again.stdout + again.stderr == ""


def test_package_docstring_is_shown_by_help():
    """``sage_hcsf?`` shows the overview (plain python: ``help``)."""
    result = subprocess.run([sys.executable, "-c", "import sage_hcsf; help(sage_hcsf)"],
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PAGER": "cat"})
    assert "fiber_type_counts" in result.stdout and "Tutorials" in result.stdout
