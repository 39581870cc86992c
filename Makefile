# Two commands matter: `make run` (embedded SQLite, in-process tasks, demo data) and
# `make test` (the whole suite against the real PostgreSQL and Redis).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/suzhou_pilot
# Two processes by default (this kind of machine has two cores); PYTEST_ARGS="-n 0" runs serially.
PYTEST_ARGS ?= -n auto

.PHONY: run setup venv test lint format ci clean bench

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

venv: $(VENV)/.installed

setup: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_pilot_seed
	$(BIN)/python manage.py load_qualification_rules
	$(BIN)/python manage.py seed_demo

run: setup
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: venv
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" $(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

ci:
	bash .ci/run

# Synthetic pilot and city rounds in their own bench_* databases, measured against floors;
# writes bench/results.json and bench/README.md (see bench/README.md for the knobs).
# The city's volumes are scaled to 0.3 by default: the whole run must fit in 15 minutes on a
# shared 2-core machine (BENCH_CITY_FRACTION=1 for the full city).
BENCH_CITY_FRACTION ?= 0.3
bench: venv
	BENCH_CITY_FRACTION=$(BENCH_CITY_FRACTION) $(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var/portal.sqlite3 var/staticfiles *.egg-info
