# RegTimeline: `make run` opens the window on the bundled data, `make test` runs every check.
# Both create .venv and install the project (with its test tools) the first time.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
FILE   ?=

.PHONY: run test lint format bench clean install-desktop uninstall-desktop

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "RegTimeline needs Python 3.11 or newer (found: $$($(PYTHON) --version 2>&1))."; \
	    echo "Run 'make PYTHON=python3.12 ...' to choose another interpreter."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/regtimeline $(FILE)

test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python tests/benchmark.py --events 100000 1000000 --json results.json

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Linux: add RegTimeline (this installation) to the desktop's menu, for the current user only.
install-desktop: $(STAMP)
	$(BIN)/python -m viewer.app.desktop

uninstall-desktop: $(STAMP)
	$(BIN)/python -m viewer.app.desktop --uninstall

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
