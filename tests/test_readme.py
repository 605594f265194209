"""The Sage sessions shown in the README run as shown.

The README is the front page; the manual's pages (docs/*.rst) show the rest,
and tests/test_docs.py runs their sessions the same way."""
import pathlib
import subprocess
import sys

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def sage_sessions(text):
    """Return the fenced code blocks that contain `sage:` prompts."""
    blocks = text.split("```")[1::2]
    return [block.strip("\n") for block in blocks if "sage:" in block]


def run_readme_sessions(folder, **options):
    """Run the README's Sage sessions through ``sage -t`` from ``folder``; return its output.

    ``options`` go to :func:`subprocess.run` (another ``env`` or ``cwd``)."""
    sessions = sage_sessions(README.read_text())
    assert len(sessions) >= 1
    lines = ["README", "======", "", ".. linkall", ""]
    for block in sessions:
        lines += ["::", ""] + ["    " + line if line.strip() else "" for line in block.split("\n")] + [""]
    rst = folder / "readme.rst"
    rst.write_text("\n".join(lines))
    sage = pathlib.Path(sys.executable).parent / "sage"
    done = subprocess.run([str(sage), "-t", "--force-lib", str(rst)], capture_output=True,
                          text=True, **options)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "[0 tests" not in done.stdout
    return done.stdout


def test_readme_sessions_run_as_shown(tmp_path):
    run_readme_sessions(tmp_path)


def test_the_session_binds_the_name_whose_help_the_readme_shows():
    """`sage_hcsf?` after `from sage_hcsf import *` alone: "Object `sage_hcsf` not found"."""
    text = README.read_text()
    first = sage_sessions(text)[0].splitlines()
    assert "sage_hcsf?" in text
    assert first[0].startswith("sage: import sage_hcsf ")


def test_first_session_is_short_and_comes_early():
    """The first `sage:` example was at line 71 of 967."""
    text = README.read_text()
    first = sage_sessions(text)[0]
    assert sum(line.startswith("sage: ") for line in first.splitlines()) <= 12
    assert text.splitlines().index(first.splitlines()[0]) < 70


def test_setup_commands_stay_visible():
    """A checker greps the README for the two commands of a fresh clone."""
    text = README.read_text()
    assert "make demo" in text and "make test" in text
    assert "sage -pip install ." in text and "pip install '.[sage]'" in text
