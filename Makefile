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

# `make run` serves the portal as its users see it: DEBUG off (Chinese 404/500 pages, no URL
# list), static files collected and served by WhiteNoise. Plain http on this machine, so the
# TLS-only protections are switched off here (and only here); the secret key is made once
# under the var dir. The demo's identity numbers use the fixed development field key, which is
# never accepted in production (there FIELD_ENCRYPTION_KEY has no default).
VAR_DIR := $(or $(DJANGO_VAR_DIR),var)
DEV_FIELD_KEY := ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZCE=
# The demo stands on this day (apps/core/demo_story.DEMO_DATE): `make run` pins the portal's
# date to it (PORTAL_TODAY= for the real date).
DEMO_DATE = 2020-03-20
LOCAL_ENV = DJANGO_DEBUG=false DJANGO_SECRET_KEY="$$(cat $(VAR_DIR)/.secret_key)" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost,[::1]}" \
	DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_HSTS_SECONDS=0 DJANGO_SECURE_COOKIES=false \
	FIELD_ENCRYPTION_KEY="$${FIELD_ENCRYPTION_KEY:-$(DEV_FIELD_KEY)}" \
	PORTAL_TODAY="$${PORTAL_TODAY-$(DEMO_DATE)}"

.PHONY: run serve check-pages dev setup venv test lint format ci clean bench

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

venv: $(VENV)/.installed

$(VAR_DIR)/.secret_key: | $(BIN)/python
	mkdir -p $(VAR_DIR)
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

setup: venv $(VAR_DIR)/.secret_key
	@echo "== 数据库、试点方案数据、演示数据与静态文件($(VAR_DIR))"
	@$(LOCAL_ENV) $(BIN)/python manage.py migrate --noinput --verbosity 0
	@$(LOCAL_ENV) $(BIN)/python manage.py load_pilot_seed
	@$(LOCAL_ENV) $(BIN)/python manage.py load_qualification_rules
	@$(LOCAL_ENV) $(BIN)/python manage.py seed_demo
	@$(LOCAL_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0

run: setup serve

# Every demo account opens its home and each menu page (after `make setup`); fails on an error.
check-pages: $(VAR_DIR)/.secret_key
	@$(LOCAL_ENV) $(BIN)/python manage.py check_pages

# The portal as users see it (after `make setup`).
serve: $(VAR_DIR)/.secret_key
	@echo "== 门户:http://$(HOST):$(PORT)/(DEBUG 关闭;开发调试用 make dev)"
	@$(LOCAL_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT) --noreload

# For developing: DEBUG on (Django's error pages, code reloading); same data as `make run`.
dev: setup
	FIELD_ENCRYPTION_KEY="$${FIELD_ENCRYPTION_KEY:-$(DEV_FIELD_KEY)}" \
	PORTAL_TODAY="$${PORTAL_TODAY-$(DEMO_DATE)}" \
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
