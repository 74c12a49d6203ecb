# Two commands on a fresh machine (python3 >= 3.11 and make): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell $(PYTHON) -c 'import hashlib,sys;print(hashlib.sha256(open("pyproject.toml","rb").read()).hexdigest()[:12])' 2>/dev/null)
PORT ?= $(or $(CONSOLE_PORT),8501)

.PHONY: setup run test lint typecheck unit browser bench samples schema clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "python3 >= 3.11 is needed (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

# The project's own modules compiled once: where PYTHONDONTWRITEBYTECODE is set, every `python -m core` and
# each of an ingest's workers would otherwise compile them again on start (0.15 s a process here).
setup: $(STAMP)
	@$(BIN)/python -m compileall -q -j 0 core app pages tools >/dev/null

run: setup  ## the console on http://localhost:$(PORT), over data/console.duckdb (seeded on first start)
	CONSOLE_PORT=$(PORT) $(BIN)/streamlit run app/main.py --server.headless true --server.port $(PORT)

test: setup browser lint typecheck unit  ## everything CI runs

unit: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check core app pages tests tools

typecheck: setup
	$(BIN)/mypy

browser:  ## Debian's chromium for the browser tests (installed when missing and possible)
	@tools/ensure-browser

bench: setup  ## benchmarks: figures and ratios, not pass/fail (feeds are generated once into .bench/)
	$(BIN)/python -m tools.bench

samples: setup  ## regenerate the committed sample feeds
	$(BIN)/python -m core.samples

schema: setup  ## regenerate docs/ccf.schema.json from the CCF models
	$(BIN)/python -m core.ccf.schema

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
