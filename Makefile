# Two commands do all set-up: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: run test test-fast lint stand-in bench clean cluster

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	$(PY) -m streamlit run app.py --server.address $(HOST) --server.port $(PORT)

# Redis (Debian's redis-server) and three replicas sharing it, on ports 8601-8603 (see README).
cluster: $(VENV)/.runtime
	PY=$(PY) deploy/cluster.sh

test: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m pytest

# The inner loop: unit, HTTP against the stand-in, AppTest (no browser, no load test).
test-fast: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m pytest -m "not browser and not slow" -q

# Speed and memory against baselines measured in the same run (about 10 minutes).
bench: $(VENV)/.dev
	$(PY) -m bench.upstream_requests
	$(PY) -m bench.rerun_cost
	$(PY) -m bench.archive_history
	$(PY) -m bench.scale
	$(PY) -m bench.freshness
	$(PY) -m bench.throughput
	$(PY) -m bench.replicas
	$(PY) -m bench.browser

lint: $(VENV)/.dev
	$(PY) -m ruff check .

stand-in: $(VENV)/.runtime
	$(PY) -m fake_openrouter --port 8765

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
