# Meteorite's local stack. Services: scripts/services.sh (ports in docs/CONTRACTS.md).
#   make run        run-profile services + seed + gunicorn on 127.0.0.1:8080 (Ctrl-C stops it all)
#   make test       test-profile services, reset datastore, pytest tests/ (PYTEST_ARGS=... to narrow)
#   make test-unit  tests/unit only, no services
#   make services   start the test-profile services and leave them running (make test reuses them)
#   make stop       stop every service started by scripts/services.sh, both profiles
SHELL := /bin/bash
PYTHON := .venv/bin/python
PYTEST_ARGS ?=

.PHONY: venv services run test test-unit bench stop status

venv:
	scripts/services.sh venv

services:
	scripts/services.sh start test

run:
	scripts/run.sh

test:
	scripts/with-services.sh --reset test $(PYTHON) -m pytest -q tests $(PYTEST_ARGS)

test-unit: venv
	$(PYTHON) -m pytest -q tests/unit $(PYTEST_ARGS)

bench:
	scripts/with-services.sh test $(PYTHON) -m bench

stop:
	scripts/services.sh stop run
	scripts/services.sh stop test

status:
	scripts/services.sh status run || true
	scripts/services.sh status test || true
