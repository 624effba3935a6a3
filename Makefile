# talentdesk — the front door. `make run` serves the portal, `make test` runs the whole suite.
SHELL := /bin/sh
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DB ?= sqlite
SCALE ?= small

.PHONY: install run dev test test-fast test-browser lint format messages demo clean bench load faults

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock scripts/find-python
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.9
	@$(BIN)/uv pip sync --quiet --python $(PY) requirements.lock
	@$(BIN)/uv pip install --quiet --python $(PY) --no-deps -e .
	@scripts/check-system-libs
	@touch $(STAMP)

run: install
	@$(BIN)/talentdesk prepare
	@$(BIN)/talentdesk demo --if-empty --print-logins
	@HOST=$(HOST) PORT=$(PORT) scripts/serve

dev: install
	@$(BIN)/talentdesk prepare
	@$(BIN)/talentdesk demo --if-empty --print-logins
	@DEBUG=true $(BIN)/talentdesk runserver $(HOST):$(PORT)

demo: install
	@$(BIN)/talentdesk migrate --verbosity 0
	@$(BIN)/talentdesk demo --reset --print-logins

test: install
	@scripts/test

# Benchmark: fresh database, generated data, the production server, results in bench/results/.
bench: install
	@$(PY) -m bench.harness --db $(DB) --scale $(SCALE)

# Load: locust, 100 users for 3 minutes, on two app processes + the worker (after make bench).
load: install
	@$(PY) -m bench.load --db $(DB) --scale $(SCALE)

# Faults: worker kills, a PostgreSQL crash, the task worker killed, a full upload disk, under a
# write load, on a PostgreSQL cluster and Redis of its own (needs root); fails on any miss.
faults: install
	@$(PY) -m bench.faults

test-fast: install
	@$(BIN)/pytest -q -m "not browser"

test-browser: install
	@$(BIN)/pytest -q -m browser

lint: install
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@! git grep -n "fmt: skip" -- '*.py' || (echo "no '# fmt: skip': let ruff format the code" && false)
	@$(BIN)/mypy
	@$(BIN)/talentdesk makemigrations --check --dry-run

format: install
	@$(BIN)/ruff check --fix .
	@$(BIN)/ruff format .

messages: install
	@$(BIN)/talentdesk makemessages --locale fr --no-obsolete --ignore ".venv/*" --ignore "var/*" --ignore "tests/*"
	@$(BIN)/talentdesk compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) var/static
