# Quick start: `make run` (install, migrate, demo content, serve) and `make test` (the whole suite).
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
MANAGE := $(PY) manage.py
export PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)

# The first Python >= 3.12 on this machine: plain names, then pyenv's installed versions
# (pyenv's shims answer only when PYENV_VERSION names a version, so call the binaries directly).
define find_python
for candidate in python3.14 python3.13 python3.12 \
	$$(ls -d $$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -rV) python3; do \
	if "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		command -v "$$candidate"; exit 0; fi; \
done; exit 1
endef

.PHONY: help install install-dev chromium varnish wrk run migrate demo test lint format check check-api check-client check-pages faults audit backup restore bench bench-import cluster-test clean

help:
	@echo "make run     install, migrate, load the demo review, serve on http://127.0.0.1:$(PORT)/"
	@echo "             with the webhook and import workers and the publishing scheduler (supervisord.dev.conf)"
	@echo "make test    install test tools and run the whole suite"
	@echo "make lint    ruff check + ruff format --check"
	@echo "make check-pages  Nu Html Checker, axe-core and Lighthouse over the reader pages"
	@echo "make check-client build and test the TypeScript API client against a live server"
	@echo "make faults  database outage, full disk and killed import, on PostgreSQL (DATABASE_URL)"
	@echo "make bench   load and import benchmarks on 10,000 seeded reviews (BENCH_N=…, BENCH_QUICK=1)"
	@echo "make bench-import  import benchmark alone: 1,000 generated reviews (COUNT=…)"
	@echo "make cluster-test  two app nodes behind nginx on shared PostgreSQL, Redis and media"

$(PY):
	@python=$$($(find_python)) || { echo "error: Python >= 3.12 not found (Django 6 needs it). Install Python 3.13 (e.g. 'pyenv install 3.13') and retry." >&2; exit 1; }; \
	echo "Creating $(VENV) with $$python ($$($$python --version))"; \
	"$$python" -m venv $(VENV)

# Stamps make re-installs happen only when a requirements file changed.
$(VENV)/.installed: $(PY) requirements.txt
	$(PIP) install -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(MANAGE) migrate --no-input

demo: migrate
	$(MANAGE) load_demo

# Web, webhook and import workers and scheduler under supervisord (supervisord.dev.conf), which
# restarts any that exits; Ctrl-C stops them all. The pid file lives outside the tree, one per port.
# load_demo ends with the addresses and the demo accounts; the `ready` program prints them again
# once the server answers, so they are the last lines of the start-up output.
RUN_FILES := $${TMPDIR:-/tmp}/moviebunker-run-$(PORT)
run: migrate
	$(MANAGE) load_demo --summary-file $(RUN_FILES).txt
	PORT=$(PORT) RUN_SUMMARY=$(RUN_FILES).txt $(VENV)/bin/supervisord -c supervisord.dev.conf \
		--pidfile $(RUN_FILES).pid

# Debian packages a target needs, installed when missing (as root, or through sudo).
define apt_install
command -v $(1) >/dev/null || test -x /usr/sbin/$(1) || { echo "Installing Debian's $(2)"; \
	$$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -q $(2) >/dev/null || \
	$$( [ "$$(id -u)" = 0 ] || echo sudo ) sh -c 'apt-get update -q && apt-get install -y -q $(2)'; }
endef

# Browser tests drive Debian's Chromium.
chromium:
	@$(call apt_install,chromium,chromium)

# Two app nodes (gunicorn, production settings, a webhook worker and a scheduler each) behind
# nginx, on a PostgreSQL database of their own (CLUSTER_DATABASE_URL), their own Redis and one
# media directory, on spare ports: tests/cluster_test.py, docs/deploy.md. Needs PostgreSQL running.
cluster-test: install-dev
	@$(call apt_install,nginx,nginx-light)
	@$(call apt_install,redis-server,redis-server)
	$(PY) tests/cluster_test.py

# The front-cache test (tests/test_varnish.py) starts Debian's Varnish.
varnish:
	@$(call apt_install,varnishd,varnish)

test: install-dev chromium varnish
	$(PY) -m pytest

# schemathesis against a real server: no 500s and every response matches /api/v2/openapi.json.
check-api: install-dev
	$(PY) tests/schemathesis_run.py

# The TypeScript client (clients/typescript): its packages from its lockfile, then its types checked
# against a live server's OpenAPI document, its build and its tests (tests/client_check.py).
clients/typescript/node_modules/.installed: clients/typescript/package.json clients/typescript/package-lock.json
	@command -v npm >/dev/null || { echo "error: npm not found: install Node.js >= 20 with npm (Debian: apt-get install nodejs npm)." >&2; exit 1; }
	cd clients/typescript && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

check-client: install-dev clients/typescript/node_modules/.installed
	$(PY) tests/client_check.py

# The page checkers, pinned in tools/package-lock.json. --ignore-scripts: vnu-jar's install script
# would fetch a Java runtime of its own; the system's Java and Chromium are used instead.
tools/node_modules/.installed: tools/package.json tools/package-lock.json
	@command -v npm >/dev/null || { echo "error: npm not found: install Node.js >= 18.16 with npm (Debian: apt-get install nodejs npm)." >&2; exit 1; }
	cd tools && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# vnu, axe-core and Lighthouse over the reader pages served by gunicorn with production settings.
check-pages: install-dev chromium tools/node_modules/.installed
	$(PY) tests/check_pages.py

# The database (SQLite or PostgreSQL, from DATABASE_URL) and MEDIA_ROOT, with a manifest of
# checksums, into a new directory under backups/ (BACKUP_DIR=… for another place).
backup: install
	$(MANAGE) backup --into $(or $(BACKUP_DIR),backups)

# Put a backup back (BACKUP=backups/<time>): checks every checksum first, then replaces the
# database and MEDIA_ROOT. Stop the site's processes before.
restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/<time>" >&2; exit 1; }
	$(MANAGE) restore $(BACKUP)

# Known vulnerabilities in the pinned requirements, from PyPI's advisory data (pip-audit asks
# pypi.org; there is no offline database). Packages it cannot look up are listed as "could not be
# audited" and fail the run only with AUDIT_STRICT=1 (CI machines without pypi.org cannot audit).
audit: install-dev
	$(VENV)/bin/pip-audit -r requirements.txt -r requirements-dev.txt --no-deps --disable-pip \
		--progress-spinner off $(if $(AUDIT_STRICT),--strict)

# The fault scenarios (docs/operations.md, "Faults"): database outage, full disk, killed import,
# the tests marked `faults`, on PostgreSQL: DATABASE_URL, by default a local server's
# cms_faults database (created by the tests). The full-disk ones mount a tmpfs: run as root.
faults: install-dev
	@url="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cms_faults}"; \
	case "$$url" in postgres*) ;; *) echo "error: make faults needs DATABASE_URL on PostgreSQL" >&2; exit 1;; esac; \
	DATABASE_URL="$$url" $(PY) -m pytest -m faults --create-db -rs

# The benchmark's load tool.
wrk:
	@$(call apt_install,wrk,wrk)

# Speed and memory targets live here, never in the test suite (docs/benchmarks.md): a seeded
# archive of BENCH_N reviews (10000) served by gunicorn on SQLite and PostgreSQL under wrk, the
# import rates, the workers' memory; BENCH_QUICK=1 for a short try. Results in bench-results/.
bench: install-dev wrk
	$(PY) tests/benchmarks/web_bench.py

bench-import: install-dev
	$(PY) tests/benchmarks/import_bench.py --count $(or $(COUNT),1000)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install-dev
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles .test-media tools/node_modules clients/typescript/node_modules clients/typescript/dist reports
