# Two commands do all the set-up from a fresh clone: `make demo` and `make test`.
SHELL  := /bin/bash
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SAGE   := $(VENV)/bin/sage
STAMP  := $(VENV)/.sage_hcsf-installed
KERNELS := $(wildcard cython_ext/*.pyx)
DOCTEST_PATHS := sage_hcsf cython_ext doctests

.PHONY: demo test pytest doctest bench build clean

$(STAMP): pyproject.toml setup.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -e '.[sage,test,dask,docs]'
	touch $(STAMP)

# Rebuild the kernels in place whenever a .pyx changes (editable install).
build: $(STAMP) $(KERNELS)
	$(PY) setup.py -q build_ext --inplace

demo: build
	$(PY) -m sage_hcsf tour
	$(PY) -m sage_hcsf reproduce --json reproduce.json --plot figures

test: build pytest doctest

pytest: build
	$(PY) -m pytest -q

# sage -t over the package, the Cython sources and the tutorials; a file
# that runs no doctest fails the target.
doctest: build
	set -o pipefail; $(SAGE) -t --force-lib --nthreads 2 $(DOCTEST_PATHS) 2>&1 | tee $(VENV)/doctest.log
	@if grep -q '\[0 tests' $(VENV)/doctest.log; then \
	  echo "These doctest files run no test:"; grep -B1 '\[0 tests' $(VENV)/doctest.log; exit 1; fi

bench: build
	$(PY) bench/run.py

clean:
	rm -rf build sage_hcsf/*.so sage_hcsf/*.c cython_ext/*.c $(VENV)
