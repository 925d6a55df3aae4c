# Refbax: `make run` serves the demo site, `make test` runs the whole suite.

PYTHON := $(shell bin/find-python)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Canonical, share and feed links follow the port the site is served on.
SITE_URL ?= http://127.0.0.1:$(PORT)
export PORT SITE_URL

.PHONY: run worker bench test test-sqlite test-browser test-postgres screenshots fonts lint format messages backup lock clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { bin/find-python; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The lock files pin every package with its hashes (generated from pyproject.toml: `make lock`).
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@ $(VENV)/.installed

# After a change of the dependencies in pyproject.toml: both lock files again (pip-tools, options in pyproject.toml).
lock: $(VENV)/.installed-dev
	$(BIN)/pip-compile --quiet -o requirements.txt pyproject.toml
	$(BIN)/pip-compile --quiet --extra dev -o requirements-dev.txt pyproject.toml

# `make run` serves the site as readers get it: DEBUG off (the real French 404 and 500 pages,
# hashed static files, the strict headers) over plain HTTP on the loopback, the uploaded media
# served by the app itself, e-mails printed. `DEBUG=1 make run` shows Django's debug pages instead.
# Without a SECRET_KEY in the environment, a random one is made once and kept in var/ (git-ignored).
RUN_ENV = DEBUG=$${DEBUG:-0} SECRET_KEY=$${SECRET_KEY:-$$(cat var/secret_key)} \
	SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-0} SERVE_MEDIA=$${SERVE_MEDIA:-1} \
	TASKS_BACKEND=$${TASKS_BACKEND:-immediate} EMAIL_URL=$${EMAIL_URL:-console://}

var/secret_key: | $(BIN)/python
	@mkdir -p var
	@umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: $(VENV)/.installed var/secret_key
	$(RUN_ENV) $(BIN)/python manage.py migrate --no-input
	$(RUN_ENV) $(BIN)/python manage.py demo --if-empty
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@echo "Refbax is served on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/). Ctrl-C stops it."
	$(RUN_ENV) $(BIN)/gunicorn -c refbax/gunicorn.conf.py refbax.wsgi

# The e-mail worker, for TASKS_BACKEND=database (the default when DEBUG is off).
worker: $(VENV)/.installed
	$(BIN)/python manage.py db_worker

test: test-sqlite test-browser

test-sqlite: $(VENV)/.installed-dev
	$(BIN)/pytest -n 2 -m "not browser"

# axe-core and the Nu HTML Checker, pinned in package-lock.json (its install script, which
# fetches a Java runtime when none is found, is skipped: Debian's default-jre-headless runs it).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Real-browser journeys, accessibility and valid HTML (tests/browser/): Debian's Chromium and Java.
# A failing test leaves screenshots and HTML in test-artifacts/.
test-browser: $(VENV)/.installed-dev node_modules/.package-lock.json
	rm -rf test-artifacts
	$(BIN)/pytest tests/browser -m browser

# The reader's fonts, cut to French from Adobe's release pinned in package-lock.json
# (bin/subset-fonts): static/fonts/ is committed, so only a change of font needs this.
fonts: $(VENV)/.installed-dev node_modules/.package-lock.json
	$(BIN)/python bin/subset-fonts

# Full-page screenshots of the demo home page and an article (phone, desktop; light, dark).
screenshots: $(VENV)/.installed-dev
	$(BIN)/python -m tests.browser.screenshots screenshots

# The same suite on PostgreSQL (DATABASE_URL defaults to the local server), with Redis too when
# REDIS_URL is set; the tests that start their own servers ("servers" marker) already run against
# PostgreSQL and Redis in `make test`.
test-postgres: $(VENV)/.installed-dev
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/refbax} $(BIN)/pytest -n 2 -m "not servers and not browser"

# Requests/s, latency and CPU per request of the main pages under gunicorn (needs wrk).
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { echo "bench needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python bench/bench.py

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
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache node_modules test-artifacts screenshots
