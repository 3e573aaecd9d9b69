# Samverkan: `make run` serves the demo hub, `make test` runs every check and test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run DEBUG=1` shows Django's debug pages (development only); the demo serves the hub's own.
DEBUG ?= 0
DEMO_ENV := HUB_DEMO=1 HUB_SCHEDULER=1 DJANGO_DEBUG=$(DEBUG) HUB_SITE_URL=http://$(HOST):$(PORT)

.PHONY: run test lint load messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

run: $(STAMP)
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	@echo "Serving Samverkan at http://$(HOST):$(PORT)/"
	$(DEMO_ENV) $(BIN)/daphne --websocket-max-message-size 65536 -b $(HOST) -p $(PORT) hub.asgi:application

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	HUB_TESTING=1 $(BIN)/mypy $(wildcard */services.py */selectors.py */permissions.py)

# The suite runs on the embedded SQLite; tests marked postgres or both_databases run again against
# a real PostgreSQL server that the script starts on loopback.
test: $(STAMP) lint
	$(BIN)/python -m pytest -m "not postgres"
	$(BIN)/python scripts/with_postgres.py $(BIN)/python -m pytest -m "postgres or both_databases"

load: $(STAMP)
	$(BIN)/python bench/load.py

messages: $(STAMP)
	$(BIN)/python scripts/messages.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
