# Khabar: the two set-up commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) manage.py

.PHONY: run test lint format check migrate load-demo serve worker bench backup restore clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(MANAGE) migrate --noinput

load-demo: migrate
	$(MANAGE) load_demo

# Development server with demo content on SQLite; the worker publishes scheduled
# stories every minute while it runs.
run: load-demo
	@echo "Khabar on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@$(MANAGE) khabar_worker & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install
	DJANGO_SETTINGS_MODULE=khabar.settings.test $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff format --check khabar tests bench
	$(VENV)/bin/ruff check khabar tests bench
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix khabar tests bench
	$(VENV)/bin/ruff format khabar tests bench

check: install
	SECRET_KEY=check-only-$$(head -c 32 /dev/urandom | base64 | tr -d '/+=') \
	ALLOWED_HOSTS=news.example DJANGO_SETTINGS_MODULE=khabar.settings.production \
	$(MANAGE) check --deploy --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

worker: install
	$(MANAGE) khabar_worker

# Production server on 127.0.0.1:$(PORT) with production settings from the
# environment (DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS): granian, WSGI,
# $(WORKERS) workers × 1 Python thread, chosen by measurement (docs/deploy.md).
WORKERS ?= 2
serve: install
	DJANGO_SETTINGS_MODULE=khabar.settings.production $(MANAGE) collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=khabar.settings.production exec $(VENV)/bin/granian \
	  --interface wsgi khabar.wsgi:application --host 127.0.0.1 --port $(PORT) \
	  --workers $(WORKERS) --blocking-threads 1 --backlog 1024 --no-ws \
	  --respawn-failed-workers --log-level warning

# Khabar vs the WordPress baseline (the shared bench-wordpress scripts), see bench/README.md.
bench: install
	$(PY) bench/perf_bench.py $(BENCH_ARGS)

# Backups: database (SQLite online backup API or pg_dump) + media, one archive.
backup: install
	$(MANAGE) backup $(FILE)

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/khabar-....tar.gz"; exit 2; }
	$(MANAGE) restore $(FILE)

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache
