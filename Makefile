# edgevoice: the two set-up commands are `make demo` and `make test`; both install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
EDGE_PORT ?= 8080
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install demo test bench bench-edge bench-scanner bench-origin clean

install: $(STAMP)

# Re-install whenever the project's dependencies change. llama-cpp-python builds from source
# the first time (about 5 minutes on 2 cores); pip caches the wheel for later installs.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[llm,tts,test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/edgevoice edge --host $(HOST) --port $(EDGE_PORT)

test: $(STAMP)
	$(PY) -m pytest -q -ra

# Benchmarks write their results to docs/bench/*.json; docs/BENCHMARKS.md quotes them.
bench: bench-edge bench-scanner bench-origin

bench-edge: $(STAMP)
	$(PY) -m latency_probe.bench --out docs/bench/edge.json

bench-scanner: $(STAMP)
	$(PY) -m scanner.bench --out docs/bench/scanner.json

bench-origin: $(STAMP)
	$(PY) -m origin_llm.bench --out docs/bench/origin.json

clean:
	rm -rf $(VENV) build *.egg-info
