# Everything runs from a local virtual environment built from pyproject.toml, pinned by
# constraints.txt so a fresh machine installs exactly what CI tested.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)/data/dagster_home

.PHONY: run test ui lint format clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt --config-settings editable_mode=compat -e '.[dev]'
	touch $(STAMP)

$(DAGSTER_HOME)/dagster.yaml: pipelines/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp pipelines/dagster.yaml $@

## make run: generate the synthetic county (first time), run every demo month, print where results are
run: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/cpr run

## make test: the whole test suite
test: $(STAMP)
	$(BIN)/pytest

## make ui: the Dagster UI on the same local instance as `make run`
ui: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -w workspace.yaml

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

clean:
	rm -rf data

.PHONY: dfe-validate bench-validate dfe-parity

# The DfE's own 903 validator pins pandas<2 and numpy<1.25: it gets a virtual env of its own.
DFE_VENV := .venv-dfe
DFE_STAMP := $(DFE_VENV)/.installed
DFE_LANDING := data/dfe
GENERATOR := $(wildcard synthetic/*.py)

$(DFE_STAMP):
	$(PYTHON) -m venv $(DFE_VENV)
	$(DFE_VENV)/bin/pip install --quiet --upgrade pip
	$(DFE_VENV)/bin/pip install --quiet csc-validator-be-903==0.1.17
	touch $(DFE_STAMP)

# The default county (2017/18) and a 2022/23 county, the first year the validator has rules for.
$(DFE_LANDING)/2017-18/873/2018-03/READY: $(STAMP) $(GENERATOR)
	$(BIN)/python -m synthetic --landing $(DFE_LANDING)/2017-18

$(DFE_LANDING)/2022-23/873/2023-03/READY: $(STAMP) $(GENERATOR)
	$(BIN)/python -m synthetic --landing $(DFE_LANDING)/2022-23 --first 2023-03 --last 2023-03 \
		--history-start 2021-04-01

## make dfe-validate: the DfE validator on the synthetic March 2018 and March 2023 extracts
dfe-validate: $(DFE_STAMP) $(DFE_LANDING)/2017-18/873/2018-03/READY $(DFE_LANDING)/2022-23/873/2023-03/READY
	$(DFE_VENV)/bin/python tools/dfe_validator/validate_month.py $(DFE_LANDING)/2017-18/873/2018-03
	$(DFE_VENV)/bin/python tools/dfe_validator/validate_month.py $(DFE_LANDING)/2022-23/873/2023-03

## make dfe-parity: our DFE- rules against the DfE validator, finding by finding, on its fake data, the
## five demand-model years and synthetic 2022/23-2026/27 returns; writes benchmarks/parity.{md,json}
dfe-parity: $(STAMP) $(DFE_STAMP)
	$(BIN)/python benchmarks/dfe_parity.py

## make bench-validate: time reading, our staging and the DfE validator on the March 2018 extract
bench-validate: $(STAMP) $(DFE_STAMP) $(DFE_LANDING)/2017-18/873/2018-03/READY
	$(BIN)/python benchmarks/validate_vs_dfe.py $(DFE_LANDING)/2017-18/873/2018-03

.PHONY: bench
SCENARIOS ?= all
INSTANCES ?= sqlite,postgres
QUEUE_LAS ?= 3
## make bench [SCENARIOS=la|la_queue|national|la_month,...] [INSTANCES=sqlite,postgres] [QUEUE_LAS=3]: speed and memory per scenario against DuckDB reading the raw files (la_queue: QUEUE_LAS LAs through the daemon's run queue on PostgreSQL); writes benchmarks/results.{md,json}
bench: $(STAMP) $(DFE_STAMP)
	$(BIN)/python benchmarks/bench.py --scenarios $(SCENARIOS) --instances $(INSTANCES) --las $(QUEUE_LAS)

.PHONY: backtest
## make backtest: the Outlook's projections from earlier months against what happened (MAPE at 3, 6 and 12 months ahead and 80% interval coverage, beside the naive forecast)
backtest: $(STAMP)
	$(BIN)/python -m benchmarks.backtest_outlook
