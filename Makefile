# Self-documenting: `make help` lists every target with its `## ` line.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Any Python of pyproject's requires-python (3.11, 3.12, 3.13): make setup PYTHON_BOOT=python3.13
PYTHON_BOOT ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The installer, pinned; it lives in $(VENV)/uv, outside the environment it installs.
UV_VERSION := 0.13.8
UV := $(VENV)/uv/bin/uv
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: help setup python-version report test fuzz lint lab notebooks validate bench check-pythons screenshots clean clean-reports

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-13s\033[0m %s\n", $$1, $$2}'

setup: $(STAMP) ## Create .venv from requirements.txt with PYTHON_BOOT (3.11 to 3.13) and register its Jupyter kernel (idempotent)

# One line and exit 1 when PYTHON_BOOT is missing or not a supported version; checked on every setup.
python-version:
	@command -v $(PYTHON_BOOT) >/dev/null 2>&1 || { echo "PYTHON_BOOT=$(PYTHON_BOOT) is not a command: use Python 3.11, 3.12 or 3.13, e.g. make setup PYTHON_BOOT=python3.11" >&2; exit 1; }
	@$(PYTHON_BOOT) scripts/check_python.py

# Rebuilt from scratch whenever requirements.txt or pyproject.toml changes.
$(STAMP): requirements.txt pyproject.toml | python-version
	rm -rf $(VENV)
	$(PYTHON_BOOT) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --target $(VENV)/uv uv==$(UV_VERSION)
	UV_PYTHON_DOWNLOADS=never $(UV) pip install --quiet --no-deps --compile-bytecode -r requirements.txt --python $(BIN)/python
	$(UV) pip check --python $(BIN)/python
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (dushanbe-kuwait)"
	touch $@

report: setup ## Run every notebook (en and ar) into reports/ and figures/
	$(BIN)/python -m analysis report --jobs $(JOBS)

notebooks: setup ## Refresh the stored outputs of notebooks/ from a real run (default parameters)
	$(BIN)/python -m analysis report --refresh-notebooks --jobs $(JOBS)

test: lint ## Run every test: lint first, then unit, data, CLI, figures and nbval over notebooks/
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile

fuzz: setup ## Fuzz the loaders with ten times the examples of make test (hypothesis profile "thorough")
	$(BIN)/python -m pytest -n $(JOBS) tests/test_fuzz_loaders.py --hypothesis-profile=thorough

lint: setup ## Check the code with ruff (lint rules and formatting)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

validate: setup ## Check the data package (schema, keys, evidence spans, checksums)
	$(BIN)/python -m analysis validate

lab: setup ## Open JupyterLab on the project kernel, at the project root (notebooks/, data/, figures/, reports/)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks

bench: setup ## Time the report against the papermill loop and the floor; coding throughput; import time
	$(BIN)/python benchmarks/bench.py

screenshots: setup ## Redraw docs/screenshots/ (one report page in English and in Arabic, headless Chromium)
	$(BIN)/python scripts/screenshots.py

check-pythons: ## Build .venvs/py3.X for each supported Python found here, run the report on each, compare with figures/
	$(PYTHON_BOOT) scripts/check_pythons.py

clean-reports: ## Remove reports/ only (generated reports and non-default figures); .venv and figures/ are kept
	rm -rf reports

clean: ## Remove .venv, .venvs/ and reports/ (figures/ is versioned and kept)
	rm -rf $(VENV) .venvs reports
