# `make run` and `make test` do all set-up on a fresh machine: virtual environment,
# packages, compiled catalogs, and the Debian chromium package for the browser tests.

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PYTHON ?= python3
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test setup chromium i18n extract lint typecheck screenshots backup clean

run: setup
	$(PY) main.py

test: setup chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy app backend webclient main.py tools
	$(VENV)/bin/pytest

setup: $(STAMP) i18n

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[test]"
	touch $(STAMP)

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# Compile the gettext catalogs (.po -> .mo); compiled files are not committed.
i18n: $(STAMP)
	$(VENV)/bin/pybabel compile -d locales -D messages --statistics

# Extract marked strings and merge them into every catalog (then translate the new ones).
extract: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -o locales/messages.pot app backend
	$(VENV)/bin/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy app backend webclient main.py

screenshots: setup chromium
	$(PY) tools/screenshots.py

# A consistent copy of the database (SQLite: online backup API; PostgreSQL: pg_dump) in
# data/backups (BACKUP_DIR). Restore: see tools/backup.py and the README.
backup: $(STAMP)
	$(PY) tools/backup.py

clean:
	rm -rf $(VENV) artifacts .pytest_cache
