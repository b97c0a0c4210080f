# OpenVillage: `make run` serves the product with its demo county; `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# `make run` keeps its data in ./data; the test settings always use a throw-away folder instead.
export DATA_DIR ?= $(CURDIR)/data
export HOST ?= 127.0.0.1
export PORT ?= 8000
PYTEST_WORKERS ?= 2
# The suite runs in a random order (pytest-randomly); `make test SEED=N` repeats the order of a run.
ifndef SEED
SEED := $(shell od -An -N4 -tu4 /dev/urandom | tr -d ' ')
endif
# Tool caches live in the venv, so that `make test` leaves nothing new in the checkout.
CACHE := $(abspath $(VENV))/cache
export PYTHONPYCACHEPREFIX ?= $(CACHE)/pycache
export MYPY_CACHE_DIR ?= $(CACHE)/mypy
export RUFF_CACHE_DIR ?= $(CACHE)/ruff
export HYPOTHESIS_STORAGE_DIRECTORY ?= $(CACHE)/hypothesis

.PHONY: install lock run test lint format bench messages pg-test province clean

# Install the exact versions (with hashes) of requirements.lock, then the project itself without
# letting pip resolve anything else. pyproject.toml keeps the ranges for those who install the
# package as a library; `make lock` turns the ranges into new pins (docs/CONVENTIONS.md).
$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check  # the lock lacks nothing that the project or a package needs
	touch $@

install: $(VENV)/.installed

# Re-pin every dependency to the newest release within pyproject.toml's ranges (uv, from the lock).
lock: install
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 \
	  --generate-hashes --upgrade --quiet -o requirements.lock

# DEMO_MODE: the trial shows one-time codes on the page (there is no phone); never in production.
run: install
	$(BIN)/openvillage migrate --noinput
	$(BIN)/openvillage demo --if-empty
	DEMO_MODE=1 $(BIN)/openvillage serve

# Lint, layer contracts (import-linter), types of the pure rules (mypy --strict), then the suite.
test: install
	$(BIN)/ruff check openvillage bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	@echo "tests in random order, SEED=$(SEED)"
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q --randomly-seed=$(SEED)

lint: install
	$(BIN)/ruff check openvillage bench
	$(BIN)/ruff format --check openvillage bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

format: install
	$(BIN)/ruff format openvillage bench
	$(BIN)/ruff check --fix openvillage bench

bench: install
	$(BIN)/python -m bench

# Collect every translatable string into openvillage/locale, then compile (needs GNU gettext).
messages: install
	cd openvillage && DJANGO_SETTINGS_MODULE=openvillage.settings_test $(CURDIR)/$(BIN)/django-admin \
	  makemessages -l zh_Hans --no-obsolete --no-location -i 'tests/*' -i '*/tests/*'
	cd openvillage && DJANGO_SETTINGS_MODULE=openvillage.settings_test $(CURDIR)/$(BIN)/django-admin \
	  compilemessages -l zh_Hans

# Run the suite against a throw-away PostgreSQL on loopback (scripts/pg-test.sh).
pg-test: install
	scripts/pg-test.sh $(MAKE) test

# A province on one machine: PostgreSQL primary + streaming replica, Redis, two app servers behind
# nginx, a generated province under load while one server is killed and the replica stopped
# (scripts/province.sh, docs/scaling.md). Needs Debian's postgresql, redis-server and nginx.
province: install
	scripts/province.sh

clean:
	rm -rf $(VENV) data
