# Two commands do all the set-up from a fresh clone: `make demo` and `make test`.
SHELL  := /bin/bash
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SAGE   := $(VENV)/bin/sage
STAMP  := $(VENV)/.sage_hcsf-installed
KERNELS := $(wildcard cython_ext/*.pyx)
DOCTEST_PATHS := sage_hcsf cython_ext doctests

.PHONY: demo test pytest doctest docs sage bench build clean

$(STAMP): pyproject.toml setup.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -e '.[sage,test,dask,docs]'
	touch $(STAMP)

# Rebuild the kernels in place when a .pyx (or the shared .pxd) changed since
# the last build (editable install); otherwise `make sage` etc. start at once,
# silently. setuptools 65's note that [tool.setuptools] is "beta" is not ours.
BUILT := build/kernels.stamp
build: $(BUILT)
$(BUILT): $(STAMP) $(KERNELS) $(wildcard cython_ext/*.pxd) setup.py
	$(PY) -W "ignore:Support for" setup.py -q build_ext --inplace
	mkdir -p build && touch $(BUILT)

demo: build
	$(PY) -m sage_hcsf tour
	$(PY) -m sage_hcsf reproduce --json reproduce.json --plot figures

test: build pytest doctest docs

pytest: build
	$(PY) -m pytest -q

# sage -t over the package, the Cython sources and the tutorials; a file
# that runs no doctest fails the target.
doctest: build
	set -o pipefail; $(SAGE) -t --force-lib --nthreads 2 $(DOCTEST_PATHS) 2>&1 | tee $(VENV)/doctest.log
	@if grep -q '\[0 tests' $(VENV)/doctest.log; then \
	  echo "These doctest files run no test:"; grep -B1 '\[0 tests' $(VENV)/doctest.log; exit 1; fi

# The HTML reference, docs/_build/html/index.html: every module of the package
# from its docstrings (the list is made from the package at each build) and
# the tutorials of doctests/ as pages. Any Sphinx warning fails the target;
# -E re-reads every page so that no warning is hidden by an earlier build.
docs: build
	$(PY) -m sphinx -E -W --keep-going -q -b html docs docs/_build/html
	@echo "The reference: docs/_build/html/index.html"

# `make sage`: Sage with this package. passagemath's own ncurses looks for the
# terminal database only in the folder of the machine that built it, so `?`
# fails with TERM=xterm ("setupterm: could not find terminfo database").
# TERMINFO_DIRS points it at the system's database; as root that ncurses
# ignores the environment, so there TERM=xterm becomes xterm-256color (the
# same terminal; IPython asks curses for the screen size only for xterm).
TERMINFO_DIRS ?= $(subst $(eval) ,:,$(wildcard /etc/terminfo /lib/terminfo /usr/share/terminfo))
sage: build
	@term="$$TERM"; \
	if [ "$$(id -u)" = 0 ] && { [ "$$term" = xterm ] || [ "$$term" = xterm-color ]; }; then \
	  term=xterm-256color; fi; \
	TERM="$$term" TERMINFO_DIRS="$(TERMINFO_DIRS)" $(SAGE)

bench: build
	$(PY) bench/run.py
	$(PY) bench/certify.py
	$(PY) bench/tree_csf.py

clean:
	rm -rf build sage_hcsf/kernels/*.so cython_ext/*.c $(VENV)
