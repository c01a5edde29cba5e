# Meteorite's local stack. Services: scripts/services.sh (ports in docs/CONTRACTS.md).
#   make run        run-profile services + seed + gunicorn on 127.0.0.1:8080 (Ctrl-C stops it all)
#                   CACHE=valkey: on a local Valkey-compatible server (127.0.0.1:6379) instead of memcached
#   make test       test-profile services (memcached and Valkey: cache tests run on both), reset datastore,
#                   pytest tests/ on TEST_WORKERS=2 xdist workers (PYTEST_ARGS=... to narrow)
#   make test-unit  tests/unit only, no services
#   make services   start the test-profile services and leave them running (make test reuses them)
#   make stop       stop every service started by scripts/services.sh, both profiles
SHELL := /bin/bash
PYTHON := .venv/bin/python
PYTEST_ARGS ?=
BENCH_ARGS ?=  # e.g. --full (10,000-user sweep, 60 s load runs), --only requests, --users 16,64
CACHE ?= memcached
# pytest-xdist workers (whole files each); the second and later get a Datastore emulator of their own
TEST_WORKERS ?= 2

.PHONY: venv services run test test-unit bench stop status

venv:
	scripts/services.sh venv

services:
	scripts/services.sh start test

run:
	CACHE=$(CACHE) scripts/run.sh

test:
	DATASTORE_RESET_AFTER_MODULE=1 TEST_WORKER_DATASTORES=1 scripts/with-services.sh --reset test \
	  $(PYTHON) -m pytest -q -n $(TEST_WORKERS) --dist loadfile tests $(PYTEST_ARGS)

test-unit: venv
	$(PYTHON) -m pytest -q tests/unit $(PYTEST_ARGS)

bench:
	BENCH_EMPTY_EMULATOR=1 scripts/with-services.sh test $(PYTHON) -m bench $(BENCH_ARGS)

stop:
	scripts/services.sh stop run
	scripts/services.sh stop test

status:
	scripts/services.sh status run || true
	scripts/services.sh status test || true
