# Refbax: `make run` serves the demo site, `make test` runs the whole suite.

PYTHON := $(shell bin/find-python)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run worker test test-sqlite test-postgres lint format messages backup clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { bin/find-python; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py demo --if-empty
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@echo "Refbax is served on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/). Ctrl-C stops it."
	$(BIN)/gunicorn -c refbax/gunicorn.conf.py refbax.wsgi

# The e-mail worker, for TASKS_BACKEND=database (the default when DEBUG is off).
worker: $(VENV)/.installed
	$(BIN)/python manage.py db_worker

test: test-sqlite

test-sqlite: $(VENV)/.installed-dev
	$(BIN)/pytest -n 2

# The same suite on PostgreSQL (DATABASE_URL defaults to the local server); the tests that
# start their own servers ("servers" marker) already run against PostgreSQL and Redis in `make test`.
test-postgres: $(VENV)/.installed-dev
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/refbax} $(BIN)/pytest -n 2 -m "not servers"

# Database and media into var/backups/ (see README, "Backups").
backup: $(VENV)/.installed
	$(BIN)/python manage.py backup

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract UI strings into the French catalogue, then compile it.
messages: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages --locale fr --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*'
	$(BIN)/python manage.py compilemessages --locale fr --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
