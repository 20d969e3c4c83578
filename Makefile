# cityclimate: `make run` and `make test` work on a fresh machine from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The platform's database for `make run` (override with CITYCLIMATE_DATABASE_URL).
export CITYCLIMATE_DATABASE_URL ?= sqlite:///$(CURDIR)/cityclimate.db

.PHONY: setup run test lint bench fuzz clean

setup: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Front-end assets (ECharts, htmx) from the npm registry through the committed lock file;
# the app serves them itself, nothing loads from a CDN.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Migrate, load the illustrative Liangjiang demo, create the admin (password generated and printed
# once, or taken from CITYCLIMATE_ADMIN_PASSWORD), then serve on http://$(HOST):$(PORT)/.
# Plain HTTP on loopback: cookies without the Secure flag here only (see docs/decisions.md).
run: setup
	$(BIN)/cityclimate db upgrade
	$(BIN)/cityclimate demo load
	CITYCLIMATE_NEW_PASSWORD="$${CITYCLIMATE_ADMIN_PASSWORD:-}" \
	  $(BIN)/cityclimate user create admin --role admin --display-name 管理员 --if-missing
	@echo "cityclimate: http://$(HOST):$(PORT)/  user: admin  (password above, or as set)"
	CITYCLIMATE_SECURE_COOKIES=false $(BIN)/cityclimate serve --host $(HOST) --port $(PORT)

lint: setup
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest -n 2

# The deeper, scheduled contract run (not part of `make test`, which runs 8 examples per
# operation): schemathesis with FUZZ_EXAMPLES examples per operation and mode (default 200).
fuzz: setup
	CITYCLIMATE_FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} $(BIN)/python -m pytest \
	  tests/api/test_contract.py -q -s -p no:randomly -p no:xdist

bench: setup
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
