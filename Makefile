# Casework: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-dev assets translations db demo serve lint bench clean system-deps extract-messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

.stamp-install: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

.stamp-install-dev: .stamp-install requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Front-end assets come from the npm registry at install time, never from a CDN at run time.
static/vendor/pico.min.css: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	mkdir -p static/vendor
	cp node_modules/@picocss/pico/css/pico.min.css static/vendor/pico.min.css

assets: static/vendor/pico.min.css

translations: .stamp-install
	$(BIN)/pybabel compile -d casework/translations --statistics

install: .stamp-install assets translations

install-dev: install .stamp-install-dev

db: install
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) casework load-admin-units
	$(FLASK) casework load-targets

demo: db
	$(FLASK) casework load-demo

## make run: install, migrate, load demo data, serve on http://127.0.0.1:5000
run: demo
	@$(FLASK) casework demo-logins --url http://$(HOST):$(PORT)
	$(FLASK) run --host $(HOST) --port $(PORT) --no-reload

## make test: the whole suite, on SQLite and then on a throwaway PostgreSQL server
test: install-dev system-deps
	bash scripts/test-all.sh

# Debian packages the tests need (Chromium for the browser tests, PostgreSQL for the second engine).
system-deps:
	bash scripts/system-deps.sh

## make bench: generate a province (100,000 people, over 1,000,000 rows) and measure it against DESIGN.md §8.
## Writes bench/results.json and bench/RESULTS.md. PostgreSQL instead of SQLite: BENCH_DATABASE_URL=postgresql+psycopg://...
bench: install assets
	bash scripts/system-deps.sh --bench
	$(BIN)/python -m casework.bench.harness --preset province

extract-messages: .stamp-install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o casework/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i casework/translations/messages.pot -d casework/translations --no-fuzzy-matching --ignore-obsolete

lint: install-dev
	$(BIN)/ruff check casework tests config.py wsgi.py

clean:
	rm -rf $(VENV) node_modules static/vendor .stamp-install .stamp-install-dev
