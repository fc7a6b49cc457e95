# Assay: `make run` to try it, `make test` to test it (what CI runs, through .ci/run).
# Host preparation (Docker engine, gVisor, debootstrap) needs root: see scripts/setup-host.sh.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# Steps depend on each other (the venv, the engine, the images): never run them side by side.
.NOTPARALLEL:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: help venv host images test run lint clean

help:
	@echo "make run     prepare the host, build the sandbox images, start Assay on 127.0.0.1:8000"
	@echo "make test    prepare the host, build the sandbox images, run the test suite"
	@echo "make lint    ruff check"
	@echo "make venv | host | images | clean"

# The virtual environment is (re)made only when pyproject.toml changes.
venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

host:
	bash scripts/setup-host.sh

images: host venv
	$(BIN)/assay images build

# pytest's exit code 5 (no tests collected) is a failure here, as is any other non-zero code.
test: host venv images
	@status=0; $(BIN)/pytest -ra $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

run: host venv images
	exec $(BIN)/assay serve

lint: venv
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
