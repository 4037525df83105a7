# xuncha-discourse: the verbs a user says. `make run` and `make test` bootstrap .venv themselves.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: help install run test test-fast bench report lock clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)  ## create .venv and install the project (skipped when nothing changed)

run: $(STAMP)  ## run every notebook on the default corpus: tables, figures, reports/index.html
	$(PY) -m helpers run

test: $(STAMP)  ## run the whole test suite
	$(PY) -m pytest -n 2 -q

test-fast: $(STAMP)  ## the tests without the notebook runs
	$(PY) -m pytest -m "not slow"

bench: $(STAMP)  ## print throughput figures (cleaning, metrics, tokenising, topics)
	$(PY) benchmarks/run_all.py

report: $(STAMP)  ## rebuild reports/index.html from what `make run` executed
	$(PY) -m helpers report

lock: $(STAMP)  ## refresh constraints.txt from the current environment
	$(PY) -m pip freeze --exclude-editable | grep -v '^xuncha-discourse' > constraints.txt

clean:  ## remove generated tables and reports (data/raw is never touched)
	find data/processed -mindepth 1 ! -name .gitkeep -delete
	find reports -mindepth 1 ! -name .gitkeep -delete
