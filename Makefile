# Two commands do all set-up on a fresh machine:
#   make run   — install what is missing, start the dashboard on the default data
#   make test  — install what is missing, run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501

.PHONY: run test setup setup-dev system system-dev check lint audit lock clean

run: setup
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: setup-dev
	$(BIN)/python -m pytest

check: setup
	$(BIN)/python -m tongxin check data

lint: setup
	$(BIN)/ruff check .

setup: system $(STAMP)

# Tests need a few more system parts (PostgreSQL, LibreOffice, poppler): see scripts/system-deps.sh.
setup-dev: system-dev $(STAMP)

system:
	@./scripts/system-deps.sh

system-dev:
	@./scripts/system-deps.sh dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the requirements change.
$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Known-vulnerability check of the exact deployment versions. Needs the advisory services
# (PyPI / OSV), which these development machines cannot reach — run it where they can.
audit: $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-audit
	$(BIN)/python -m pip_audit --requirement requirements.lock --no-deps --disable-pip

# Re-make requirements.lock from requirements.txt in a clean environment.
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/python -m pip install --quiet -r requirements.txt
	{ echo "# Exact versions for deployments: .venv/bin/pip install -r requirements.lock"; \
	  echo "# Made from requirements.txt with make lock; check with: make audit"; \
	  .lockenv/bin/python -m pip freeze --all | grep -v '^pip=\|^setuptools='; } > requirements.lock
	rm -rf .lockenv

clean:
	rm -rf $(VENV) .pytest_cache
