# Two commands do all set-up on a fresh machine:
#   make run   — install what is missing, start the dashboard on the default data
#   make test  — install what is missing, run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501

.PHONY: run test setup system check lint clean

run: setup
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: setup
	$(BIN)/python -m pytest

check: setup
	$(BIN)/python -m tongxin check data

lint: setup
	$(BIN)/ruff check .

setup: system $(STAMP)

system:
	@./scripts/system-deps.sh

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the requirements change.
$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache
