# Two commands for a newcomer: `make run` and `make test`. Everything else is a step they need.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint translations clean-venv lock

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.app-installed: requirements/app.lock setup.cfg | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/app.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.test-installed: requirements/test.lock $(VENV)/.app-installed
	$(BIN)/pip install --quiet -r requirements/test.lock
	@touch $@

translations: $(VENV)/.app-installed
	$(BIN)/pybabel -q compile --use-fuzzy -d eventsys/translations

run: $(VENV)/.app-installed translations
	EVENTSYS_ENV=development $(BIN)/eventsys init-db --demo-if-empty
	EVENTSYS_ENV=development $(BIN)/eventsys run --host $(HOST) --port $(PORT)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.test-installed translations lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean-venv:
	rm -rf $(VENV)

# Regenerate the lock files from setup.cfg (maintainers; needs the package registry).
lock: $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile -q --no-emit-index-url --no-emit-find-links --strip-extras \
		--extra postgres --extra redis --extra serve -o requirements/app.lock setup.cfg
	$(BIN)/pip-compile -q --no-emit-index-url --no-emit-find-links --strip-extras \
		--all-extras -c requirements/app.lock -o requirements/test.lock setup.cfg
