# OpenVillage: `make run` serves the product with its demo county; `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export DATA_DIR ?= $(CURDIR)/data
export HOST ?= 127.0.0.1
export PORT ?= 8000
PYTEST_WORKERS ?= 2

.PHONY: install run test lint format bench messages pg-test clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/openvillage migrate --noinput
	$(BIN)/openvillage demo --if-empty
	$(BIN)/openvillage serve

test: install
	$(BIN)/ruff check openvillage bench
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q

lint: install
	$(BIN)/ruff check openvillage bench
	$(BIN)/ruff format --check openvillage bench

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

clean:
	rm -rf $(VENV) data
