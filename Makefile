# Two commands for users: `make run` (set up and run everything) and `make test`.
# The virtual environment is created once and reinstalled only when the pinned
# requirements or pyproject.toml change (a stamp file records the last install).

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RAW ?= data/raw
JOBS ?=
LANG_LABELS ?= en
RUN_ARGS ?=

PROCESSED ?= data/processed
# One worker more than the reference machine's two cores: several tests spend time waiting (for the
# shared run's lock, for a signalled run to stop), and the third worker fills it.
PYTEST_ARGS ?= -n 3
SNAKEMAKE = $(VPY) -m snakemake --snakefile workflow/Snakefile --directory $(PROCESSED) \
	--configfile config/config.yaml --config raw_dir=$(abspath $(RAW)) processed_dir=$(abspath $(PROCESSED))

.PHONY: help venv run validate test lab figures paper dag status snakemake benchmark lock clean clean-all

help:
	@echo "make run        set up .venv (first time) and run the whole workflow (Snakemake)"
	@echo "make test       set up .venv (first time) and run the test suite"
	@echo "make validate   check the raw data only (RAW=dir to check another folder)"
	@echo "make status     say what is out of date (from snakemake --summary)"
	@echo "make dag        draw the workflow's rule graph into data/processed/workflow/"
	@echo "make lab        open JupyterLab on the project's kernel"
	@echo "make figures    make the figure pack: every figure per language with its texts (data/processed/figure-pack/)"
	@echo "make paper      render the paper (needs quarto on PATH)"
	@echo "make snakemake ARGS=...  Snakemake's own command line on the workflow (e.g. ARGS=--dry-run)"
	@echo "make benchmark  time the statistics, the pipeline and the render (benchmarks/)"
	@echo "make lock       re-resolve the newest allowed versions into requirements.lock"
	@echo "make clean      delete generated outputs (data/processed, paper/_output)"
	@echo "make clean-all  delete them and .venv"

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (found " + sys.version.split()[0] + "); set PYTHON=/path/to/python3.11")'
	@test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(VPY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(VPY) -m ipykernel install --sys-prefix --name dialogstats --display-name "Python (dialogstats)" >/dev/null
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(VPY) -m dialogstats run --raw $(RAW) --processed $(PROCESSED) --lang $(LANG_LABELS) $(if $(JOBS),--jobs $(JOBS)) $(RUN_ARGS)

validate: $(STAMP)
	$(VPY) -m dialogstats validate --raw $(RAW)

test: $(STAMP)
	$(VPY) -m pytest $(PYTEST_ARGS)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

figures: $(STAMP)
	$(VPY) -m dialogstats run --raw $(RAW) --processed $(PROCESSED) --lang $(LANG_LABELS) $(if $(JOBS),--jobs $(JOBS)) --no-paper --target figure-pack

paper: $(STAMP)
	$(VPY) -m dialogstats paper

status: $(STAMP)
	$(VPY) -m dialogstats status --raw $(RAW) --processed $(PROCESSED)

dag: $(STAMP)
	$(VPY) -m dialogstats dag --raw $(RAW) --processed $(PROCESSED)

# Snakemake's own command line on the same workflow and configuration, e.g. make snakemake ARGS=--dry-run
snakemake: $(STAMP)
	$(SNAKEMAKE) $(ARGS)

benchmark: $(STAMP)
	$(VPY) benchmarks/bench_statistics.py
	$(VPY) benchmarks/bench_pipeline.py
	$(VPY) benchmarks/bench_render.py

# Re-resolve the newest versions allowed by pyproject.toml and pin them.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -e '.[test]'
	{ echo "# Exact versions installed by 'make venv' (pip install -r requirements.lock). Regenerate with 'make lock'."; \
	  .venv-lock/bin/pip freeze --exclude-editable | grep -v '^dialogstats' | sort -f; } > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf data/processed/* data/processed/.snakemake data/processed/.failed paper/_output paper/.quarto paper/_figures

clean-all: clean
	rm -rf $(VENV)
