# xuncha-discourse: the verbs a user says. `make run` and `make test` bootstrap .venv themselves.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: help install data run test test-fast lint format lab bench report lock clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip 2> $(VENV)/install.log || (cat $(VENV)/install.log; exit 1)
	@echo "installing the project and its pinned dependencies (log: $(VENV)/install.log) …"
	@$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]" 2>> $(VENV)/install.log || (cat $(VENV)/install.log; exit 1)
	@touch $(STAMP)

install: $(STAMP)  ## create .venv and install the project (skipped when nothing changed)

data: $(STAMP)  ## read the corpus once and write every table to data/processed (xuncha build)
	$(PY) -m helpers build

run: $(STAMP)  ## build the tables, run every notebook on the default corpus, write figures and reports/index.html
	$(PY) -m helpers run

test: $(STAMP)  ## lint (ruff) and run the whole test suite
	$(VENV)/bin/ruff check src tests benchmarks tools
	$(PY) -m pytest -n 2 -q

lint: $(STAMP)  ## ruff: lint only
	$(VENV)/bin/ruff check src tests benchmarks tools

format: $(STAMP)  ## ruff: fix imports and lint that can be fixed automatically
	$(VENV)/bin/ruff check --fix src tests benchmarks tools

lab: $(STAMP)  ## open JupyterLab on the notebooks (jupytext keeps notebooks/_src in sync on save)
	$(VENV)/bin/jupyter lab notebooks

test-fast: $(STAMP)  ## the tests without the notebook runs
	$(PY) -m pytest -m "not slow"

bench: $(STAMP)  ## print throughput figures (cleaning, metrics, tokenising, topics)
	$(PY) benchmarks/run_all.py

model: $(STAMP)  ## retrain the frame classifier (src/helpers/data/frame_model.json) on every labelled figure
	$(PY) tools/build_frame_model.py

report: $(STAMP)  ## rebuild reports/index.html from what `make run` executed
	$(PY) -m helpers report

lock: $(STAMP)  ## refresh constraints.txt from the current environment
	$(PY) -m pip freeze --exclude-editable | grep -v '^xuncha-discourse' > constraints.txt

clean:  ## remove generated tables and reports (data/raw is never touched)
	find data/processed -mindepth 1 ! -name .gitkeep -delete
	find reports -mindepth 1 ! -name .gitkeep -delete
