# casekit — two commands on a fresh clone: `make demo` and `make test`.
# Each target sets itself up: a virtual environment in .venv with the locked dependencies,
# and the system packages the workbook needs (a Chinese font for matplotlib).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO   := build/demo

.PHONY: demo test lab setup system lint format data datadict notebooks exercises wheel lock bench clean

demo: setup
	$(BIN)/casekit generate --out $(DEMO)/bank --force
	$(BIN)/casekit summary $(DEMO)/bank
	$(BIN)/casekit realism $(DEMO)/bank
	$(BIN)/casekit notebooks run --out $(DEMO)/cases
	@echo "Every case, executed and rendered to HTML: $(DEMO)/cases/en and $(DEMO)/cases/zh"
	$(BIN)/casekit exercises run --only 02 --lang en --out $(DEMO)/exercises
	@echo "Exercise 2's solution, every check run: $(DEMO)/exercises/executed/en/02_needs_analysis.html"
	rm -rf $(DEMO)/cohort
	chmod 600 cohorts/sample/secret.key  # git checks files out 0644; init refuses a shared secret
	$(BIN)/casekit cohort init cohorts/sample/roster.csv --out $(DEMO)/cohort --exercises 01 \
		--secret-file cohorts/sample/secret.key --cohort-id sample
	$(BIN)/casekit cohort build $(DEMO)/cohort
	$(BIN)/casekit cohort grade $(DEMO)/cohort cohorts/sample/submissions
	$(BIN)/casekit cohort report $(DEMO)/cohort
	@echo "The sample cohort, graded: open $(DEMO)/cohort/report/index.html"

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lab: setup
	$(BIN)/jupyter lab --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root,) START.ipynb

setup: $(STAMP) system

# uv installs the locked wheels in seconds; pip is only used to fetch uv itself.
# Bytecode is compiled once here: uv does not by default, and where PYTHONDONTWRITEBYTECODE
# is set (as on CI) every process -- each kernel, each test's subprocess -- would otherwise
# compile pandas, numpy and Jupyter from source again (about 1.2 s a process).
$(STAMP): pyproject.toml keys/pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e . -e keys
	touch $@

system:
	@bash scripts/system-deps.sh $(BIN)/python

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate the committed default book and its data dictionary (byte for byte).
data: setup
	$(BIN)/casekit generate --out datasets/default --force --quiet
	$(BIN)/casekit datadict --out datasets/README.md

datadict: setup
	$(BIN)/casekit datadict --out datasets/README.md

# Rebuild notebooks/en and notebooks/zh from notebooks/src (the one source per case).
notebooks: setup
	$(BIN)/casekit notebooks build

# Rebuild the trainee exercise notebooks (exercises/en, exercises/zh) from exercises/src.
exercises: setup
	$(BIN)/casekit exercises build

# The two wheels: casekit (what a trainee's assessment environment installs) and casekit-keys
# (the answer keys and solution sources: the grader's and practice installs add it).
wheel: setup
	$(BIN)/uv build --wheel --quiet --out-dir dist .
	$(BIN)/uv build --wheel --quiet --out-dir dist keys
	@ls dist/*.whl

# Re-pin every dependency (run after editing pyproject.toml).
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra bench --python-version 3.11 \
		--quiet --no-header -o requirements.lock

bench: setup
	$(BIN)/python benchmarks/bench_generate.py
	$(BIN)/python benchmarks/bench_cases.py
	$(BIN)/python benchmarks/bench_grading.py
	$(BIN)/python benchmarks/bench_packs.py
	$(BIN)/python benchmarks/bench_report.py

clean:
	rm -rf $(VENV) build dist keys/build .pytest_cache .ruff_cache
