# Two commands do all the set-up on a machine with python3 and pip:
#   make run    open the simulator on the tutorial's example
#   make test   run the whole test suite
# The virtual environment is made on first use and reused until pyproject.toml changes.
PYTHON ?= python3
VENV ?= .venv
# torch 2.13.0 is a CPU build of 1.5 GB; `make TORCH=torch` takes pip's newest instead.
TORCH ?= torch==2.13.0
BIN := $(VENV)/bin
HASH = $(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha256(sys.argv[1].encode()+open('pyproject.toml','rb').read()).hexdigest()[:12])" "$(TORCH)")
HERE = $(shell $(PYTHON) -c "import hashlib,os;print(hashlib.sha256(os.getcwd().encode()).hexdigest()[:12])")
DEPS := $(VENV)/.deps-$(HASH)
SRC := $(VENV)/.src-$(HASH)-$(HERE)

.PHONY: run test lint format bench screenshot demo-gif translations

run: $(SRC)
	$(BIN)/optiviz

test: $(SRC)
	$(BIN)/python -m pytest

lint: $(SRC)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(SRC)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(SRC)
	$(BIN)/python -c "import matplotlib" 2>/dev/null || $(BIN)/python -m pip install --quiet -e ".[bench]"
	for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Collect the interface's tr() strings into the .ts (keeping its translations), then compile it
# to the .qm the package ships. Translate the new <message>s (Qt Linguist: pyside6-linguist)
# and run it again; tests/app/test_translations.py fails while one is missing.
TS := optiviz/i18n/optiviz_zh_CN.ts
translations: $(SRC)
	$(BIN)/pyside6-lupdate $$(find optiviz/app optiviz/plots -name '*.py' | sort) optiviz/recorder/caption.py \
		-target-language zh_CN -no-obsolete -locations none -ts $(TS)
	$(BIN)/pyside6-lrelease $(TS) -qm $(TS:.ts=.qm)

$(DEPS):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH)" -e ".[dev]"
	rm -f $(VENV)/.deps-* $(VENV)/.src-*
	touch $@

# The editable install points at this checkout; redo it when the checkout moves.
$(SRC): $(DEPS)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.src-*
	touch $@
