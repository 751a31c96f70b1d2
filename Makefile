# Guild: `make run` serves the demo, `make test` runs every test. Both set themselves up.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM := /usr/bin/chromium
WRK := /usr/bin/wrk
SIZES ?= demo scale
DURATION ?= 20

.PHONY: run test lint format check-migrations pytest clean messages bench

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Guild needs $(PYTHON)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	@echo "Serving Guild at http://$(HOST):$(PORT)/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

$(CHROMIUM):
	@if [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Browser tests need Debian's chromium: run 'sudo apt-get install chromium'"; exit 1; \
	fi

$(WRK):
	@if [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	else \
		echo "The benchmark needs Debian's wrk: run 'sudo apt-get install wrk'"; exit 1; \
	fi

# Load Guild's main pages with wrk under gunicorn, at each size in SIZES, on SQLite or, with
# DATABASE_URL set, on PostgreSQL; reports go to var/bench/<size>-<database>.md.
bench: $(VENV)/.installed $(WRK)
	$(BIN)/python manage.py bench --sizes $(SIZES) --duration $(DURATION)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: $(VENV)/.installed-test
	DJANGO_SETTINGS_MODULE=intranet.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=intranet.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

pytest: $(VENV)/.installed-test $(CHROMIUM)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint check-migrations pytest

# Every language in LANGUAGES but the source language, as makemessages' -l flags.
MESSAGES_LOCALES = $(shell DJANGO_SETTINGS_MODULE=intranet.settings.test $(BIN)/python -c \
	'import django; django.setup(); from django.conf import settings as s; \
	print(" ".join("-l " + c for c, _ in s.LANGUAGES if c != s.LANGUAGE_CODE))')

# Collect new strings into intranet/locale/<lang>/LC_MESSAGES/django.po, then compile them.
# tests/i18n runs makemessages with the same flags to check the Swedish catalogue. Skipping
# folders named locale (they hold catalogues, not code) keeps every string in LOCALE_PATHS.
messages: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=intranet.settings.test $(BIN)/python manage.py makemessages $(MESSAGES_LOCALES) --ignore=.venv --ignore=tests --ignore=var --ignore=node_modules --ignore=locale
	DJANGO_SETTINGS_MODULE=intranet.settings.test $(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var db.sqlite3
