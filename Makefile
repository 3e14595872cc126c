# SPDX-License-Identifier: EUPL-1.2
# The two commands of README: `make run` and `make test`. Everything else is optional.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)/src
PG_URL := postgres://postgres@127.0.0.1:5432/balie

.PHONY: run test lint openapi bench install install-dev serve demo messages clean

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: install, migrate, load the demo data (idempotent), serve on 127.0.0.1:8000
run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	$(VENV)/bin/gunicorn --config src/balie/conf/gunicorn_embedded.py balie.wsgi:application

## make test: install and run the whole suite; on PostgreSQL when it is reachable
test: install-dev
	@if [ -z "$$DATABASE_URL" ] && $(PY) -c "import psycopg; psycopg.connect('$(PG_URL:/balie=/postgres)', connect_timeout=2).close()" 2>/dev/null; then \
		echo "Running the suite on PostgreSQL ($(PG_URL))"; \
		DATABASE_URL=$(PG_URL) $(PY) -m pytest $(PYTEST_ARGS); \
	else \
		echo "Running the suite on $${DATABASE_URL:-SQLite}"; \
		$(PY) -m pytest $(PYTEST_ARGS); \
	fi

## make lint: ruff, mypy on every package, layer contracts, migrations up to date, check --deploy
lint: install-dev
	$(VENV)/bin/ruff check src bench
	$(VENV)/bin/ruff format --check src bench conftest.py manage.py
	$(VENV)/bin/mypy src/balie
	@# Layers (pyproject.toml [tool.importlinter]): faces <- notifications <- booking <- ...
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=balie.conf.test $(PY) manage.py makemigrations --check --dry-run
	@# Production settings pass Django's deployment checks (with a throwaway key and Redis URL).
	env -u SECURE_COOKIES -u DJANGO_ALLOW_ASYNC_UNSAFE DJANGO_SETTINGS_MODULE=balie.conf.production \
		SECRET_KEY="lint-only-$$(head -c 48 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
		REDIS_URL=redis://127.0.0.1:6379/0 EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend \
		ALLOWED_HOSTS=balie.example $(PY) manage.py check --deploy --fail-level WARNING
	@# The committed openapi.yaml must match the code; regenerate with `make openapi`.
	@tmp=$$(mktemp) && trap 'rm -f "$$tmp"' EXIT && \
		$(PY) manage.py spectacular --file "$$tmp" --validate --fail-on-warn && \
		diff -u openapi.yaml "$$tmp" || { echo "openapi.yaml is out of date: run make openapi"; exit 1; }

## make openapi: regenerate the committed API description
openapi: install-dev
	$(PY) manage.py spectacular --file openapi.yaml --validate --fail-on-warn

## make bench: benchmarks, one JSON object per line
bench: install-dev
	@for script in bench/bench_*.py; do $(PY) $$script || exit 1; done

## make messages: extract marked strings into the nl/fr/de catalogs, then compile them
messages: install-dev
	cd src/balie && ../../$(PY) ../../manage.py makemessages --no-obsolete --no-location -l nl -l fr -l de
	cd src/balie && ../../$(PY) ../../manage.py compilemessages -l nl -l fr -l de

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
