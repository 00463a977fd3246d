# Kaikukortti. `make demo` runs the site with demo data; `make test` runs every gate and the whole suite.
# Both work on a fresh machine with only Python and the package registries: this file installs the rest.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test install browser system-packages pdf-packages messages compilemessages makemessages lint format check-translations \
        test-unit test-e2e serve clean

$(STAMP): pyproject.toml package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check ".[dev]"
	touch $@

install: $(STAMP)

node_modules/.installed-stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages: pango for WeasyPrint (the materials' PDFs, also in the demo data); for the suite
# also chromium (browser tests drive it, never a downloaded browser), gettext (makemessages) and
# varnish (tests/cluster/ puts deploy/varnish/default.vcl in front of two app servers).
APT_INSTALL = if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq $$missing; fi

pdf-packages:
	@missing=""; ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing="libpango-1.0-0 libpangoft2-1.0-0"; \
	if [ -n "$$missing" ]; then echo "Installing Debian packages: $$missing"; $(APT_INSTALL); fi

system-packages: pdf-packages
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v varnishd >/dev/null 2>&1 || test -x /usr/sbin/varnishd || missing="$$missing varnish"; \
	command -v xgettext >/dev/null 2>&1 || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then echo "Installing Debian packages:$$missing"; $(APT_INSTALL); fi

browser: node_modules/.installed-stamp system-packages

compilemessages: $(STAMP)
	$(BIN)/python bin/compile_messages.py

makemessages: $(STAMP)
	$(BIN)/python bin/check_translations.py --update

check-translations: $(STAMP)
	$(BIN)/python bin/check_translations.py

demo: $(STAMP) compilemessages pdf-packages
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test-unit: $(STAMP) compilemessages system-packages
	$(BIN)/pytest -m "not e2e and not demo" -p no:randomly
	$(BIN)/pytest -m "demo and not e2e" -p no:randomly

test-e2e: $(STAMP) compilemessages browser
	$(BIN)/pytest -m e2e

test: $(STAMP) compilemessages browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/python bin/check_translations.py
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(60))') \
	  ALLOWED_HOSTS=kaikukortti.fi $(MANAGE) check --deploy --fail-level WARNING
	$(BIN)/pytest -m "not e2e and not demo"
	$(BIN)/pytest -m "demo and not e2e"
	$(BIN)/pytest -m e2e

clean:
	rm -rf $(VENV) node_modules var

# Backup and restore (bin/backup.py, django-dbbackup): the database (pg_dump or SQLite's backup API) and
# MEDIA_ROOT in one folder; a restore purges the cached public pages and dashboard figures.
.PHONY: backup restore

backup: $(STAMP)
	$(BIN)/python bin/backup.py backup

restore: $(STAMP)
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/<UTC timestamp>"; exit 2; }
	$(BIN)/python bin/backup.py restore "$(BACKUP)"

# Benchmark harness (issue 7), not part of `make test`: builds the data set into a PostgreSQL
# database (dropped and recreated), serves the site with gunicorn and production settings, measures
# with wrk and writes bench/RESULTS.md. `make bench SCALE=full` for the national-scale data set.
SCALE ?= quick
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kaiku_bench
.PHONY: bench
bench: $(STAMP) compilemessages pdf-packages
	@missing=""; command -v wrk >/dev/null 2>&1 || missing="wrk"; \
	command -v varnishd >/dev/null 2>&1 || test -x /usr/sbin/varnishd || missing="$$missing varnish"; \
	command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || missing="$$missing nginx"; \
	if [ -n "$$missing" ]; then echo "Installing Debian packages: $$missing"; $(APT_INSTALL); fi
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench.generate --scale $(SCALE) --fresh
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench.run --scale $(SCALE)

# Known vulnerabilities (bin/audit.py): pip-audit with PyPI's vulnerability data over every pin in
# pyproject.toml and over the installed .venv. Fails on a vulnerability; `AUDIT_STRICT=1` also fails
# when a package could not be audited. CI runs it after `make test`.
.PHONY: audit
audit: $(STAMP)
	AUDIT_STRICT=$(AUDIT_STRICT) $(BIN)/python bin/audit.py
