# The README's commands. Everything installs into .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat setup.cfg | sha256sum | cut -c1-12)
export FLOWDESK_INSTANCE_DIR ?= $(CURDIR)/instance
# Python keeps FlowDesk's compiled modules in __pycache__ even where the environment says not to: without them every
# process (each command, serve, the scheduler, each of the suite's hundred processes) compiles the app again, half
# a second of its start.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test lint setup demo clean bench catalogs compile-catalogs

$(STAMP): setup.cfg pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

setup: $(STAMP) compile-catalogs

compile-catalogs: $(STAMP)
	$(BIN)/pybabel compile -d app/translations

catalogs: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k DiagramRefused:3 -k refusal --sort-by-file -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching
	$(BIN)/pybabel compile -d app/translations

demo: setup
	$(BIN)/flowdesk init-secret-key
	$(BIN)/flowdesk init-db
	$(BIN)/python -m app.demo
	$(BIN)/flowdesk deploy --as olga processes/*.bpmn
	$(BIN)/python -m app.demo catalogue

run: demo
	$(BIN)/flowdesk serve --host 127.0.0.1 --port 5000

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Camunda's JavaScript external task client, for tests/clients (skipped with its reason where there is no npm).
tests/clients/node_modules/.package-lock.json: tests/clients/package-lock.json
	if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/clients --no-audit --no-fund --loglevel=error; fi

# axe-core, which tests/browser/test_people_pages.py injects into pages (skipped with its reason where there is no npm).
tests/browser/node_modules/.package-lock.json: tests/browser/package-lock.json
	if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error; fi

test: lint tests/clients/node_modules/.package-lock.json tests/browser/node_modules/.package-lock.json
	$(BIN)/python -m pytest -n 3 --dist loadfile -q --durations=25

bench: setup
	$(BIN)/python bench/engine_throughput.py

clean:
	rm -rf $(VENV) instance *.egg-info
