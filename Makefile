# Two commands: `make run` serves the demo, `make test` passes the tests.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export FLASK_APP := wsgi

.PHONY: setup assets system-packages run test test-sqlite test-postgresql lint lint-bpmn lint-values fmt bench mutate clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

web/translations/%/LC_MESSAGES/messages.mo: web/translations/%/LC_MESSAGES/messages.po $(STAMP)
	$(VENV)/bin/pybabel compile --use-fuzzy -i $< -o $@

# bpmn-js and dmn-js for the diagram pages, served from node_modules (never committed); axe-core
# (a dev dependency) for the browser tests' accessibility checks.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# The modeler's bundle (bpmn-js, its properties panel and token simulation, web/assets/) built by
# esbuild into web/static/build/ (ignored, never committed). Rebuilt only when the hash of the
# lock file and the sources (the live checks' rules in lint/ too) changes, so `make run` stays fast.
BUILD  := web/static/build
ESBUILD_FLAGS := --bundle --minify --target=es2020 --log-level=warning --outdir=$(BUILD) \
	--loader:.woff=dataurl --loader:.woff2=dataurl --loader:.ttf=dataurl --loader:.eot=dataurl --loader:.svg=dataurl
assets: node_modules/.package-lock.json
	@hash=$$(cat package-lock.json Makefile .bpmnlintrc $$(find web/assets lint/bpmnlint-plugin-zone/index.js lint/bpmnlint-plugin-zone/lib lint/bpmnlint-plugin-zone/rules lint/bpmnlint-plugin-zone/values.json -type f | LC_ALL=C sort) | sha256sum | cut -d' ' -f1); \
	if [ "$$(cat $(BUILD)/.hash 2>/dev/null)" = "$$hash" ]; then echo "modeler bundle up to date"; else \
	  node_modules/.bin/esbuild modeler=web/assets/modeler/index.js modeler=web/assets/modeler/modeler.css \
	    $(ESBUILD_FLAGS) && echo "$$hash" > $(BUILD)/.hash && echo "modeler bundle built into $(BUILD)/"; fi

# What the tests need from Debian: Chromium for the browser tests, the CJK font the pages and
# the score PDF use, PostgreSQL 15's server binaries (the tests start their own server).
# Installed with apt when run as root; otherwise one line says what to install.
system-packages:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing="$$missing fonts-wqy-microhei"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql-15"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing with apt:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "make test needs these Debian packages: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

setup: $(STAMP) web/translations/zh_Hans_CN/LC_MESSAGES/messages.mo node_modules/.package-lock.json assets

run: setup
	ADJUSTABLE_CLOCK=1 $(VENV)/bin/flask init-db --demo
	@echo "Serving on http://127.0.0.1:5000 — demo accounts above, password: demo-password"
	@echo "The scheduler runs beside it (timers, deadlines, escalation); Ctrl-C stops both."
	ADJUSTABLE_CLOCK=1 $(VENV)/bin/flask scheduler & SCHEDULER=$$!; \
	trap 'kill $$SCHEDULER 2>/dev/null; wait $$SCHEDULER' EXIT INT TERM; \
	ADJUSTABLE_CLOCK=1 $(VENV)/bin/flask run --host 127.0.0.1 --port 5000

# The whole suite runs twice: on SQLite, then on a PostgreSQL 15 server the tests start.
test: setup system-packages
	$(PY) -m pytest -q --flow-coverage
	$(PY) -m pytest -q --db=postgresql

# Lint (ruff: pyflakes, bugbear, import order, …), types (mypy over engine/), as pyproject.toml
# sets, and the diagrams under bpmn.io's own linter (bpmnlint:recommended, .bpmnlintrc) with the
# project's own rules as a bpmnlint plugin (plugin:zone/recommended, lint/bpmnlint-plugin-zone).
lint: $(STAMP) lint-bpmn
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

DIAGRAMS ?= bpmn/*.bpmn
lint-bpmn: node_modules/.package-lock.json
	node_modules/.bin/bpmnlint $(DIAGRAMS)

# The roles and bounds the plugin checks against, written from the Python constants the
# deploy check uses (a test fails when values.json is out of date).
lint-values: $(STAMP)
	$(PY) -m engine.definitions.plugin_values

fmt: $(STAMP)
	$(VENV)/bin/ruff check --fix .

test-sqlite: setup system-packages
	$(PY) -m pytest -q

test-postgresql: setup system-packages
	$(PY) -m pytest -q --db=postgresql

# Each script prints one table (figures beside their baseline, machine and load average);
# docs/performance.md records a run. About 6 minutes on 2 cores.
bench: setup
	$(PY) bench/complete_task.py
	$(PY) bench/lifecycle_walk.py --db sqlite
	$(PY) bench/lifecycle_walk.py --db postgresql
	$(PY) bench/supervision_years.py
	$(PY) bench/inbox.py --db sqlite
	$(PY) bench/inbox.py --db postgresql
	$(PY) bench/timer_lag.py --db sqlite
	$(PY) bench/analytics.py --db sqlite
	$(PY) bench/analytics.py --db postgresql
	$(PY) bench/throughput.py

# Mutation testing (mutmut) of the modules listed in pyproject.toml [tool.mutmut.modules], each
# against its own tests; prints killed/mutants per module and the survivors. Not part of
# `make test`: long (CONTRIBUTING.md says how long). One module: make mutate MODULES=engine/access.py
MODULES ?=
mutate: setup
	@[ -n "$(MODULES)" ] || rm -rf mutants  # all afresh; one module keeps the others' last results
	$(PY) -m tests.helpers.mutation $(MODULES)

clean:
	rm -rf $(VENV) instance test-output node_modules $(BUILD) mutants
