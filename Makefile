# edgevoice: the two set-up commands are `make demo` and `make test`; both install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
EDGE_PORT ?= 8080
ORIGIN_PORT ?= 8090
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install browser demo test bench bench-edge bench-vad bench-scanner bench-scanner-heard bench-origin clean

install: $(STAMP)

# Re-install whenever the project's dependencies or its compiled part (the scanner's feature
# hashing, scanner/_hashing.c, which pip builds with gcc) change. llama-cpp-python builds from
# source the first time (about 5 minutes on 2 cores); pip caches the wheel for later installs.
# It is built for any x86-64 with AVX2 rather than for this CPU: pip's cache does not know what a
# wheel was built for, and a machine that advertises Intel AMX without being able to run it (seen
# on a virtual machine: SIGILL at `tilezero` in the first generation) is as fatal as a wheel
# cached on another CPU. A cached wheel that cannot read a short prompt (a batch of tokens: one
# token alone takes another path) is dropped and rebuilt.
LLAMA_CMAKE_ARGS := $(if $(filter x86_64,$(shell uname -m)),-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON)
LLAMA_CHECK := import llama_cpp; from origin_llm.config import bundled_model_path; \
	llama_cpp.Llama(model_path=str(bundled_model_path()), n_ctx=64, n_threads=1, verbose=False)("Say hello to the people in the room", max_tokens=2)
$(STAMP): pyproject.toml setup.py scanner/_hashing.c
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PY) -m pip install --quiet -e '.[llm,tts,test,train,bench]'
	$(PY) -c '$(LLAMA_CHECK)' || { echo "llama-cpp-python cannot generate here: rebuilding it without pip's cached wheel"; \
	  $(PY) -m pip cache remove 'llama_cpp_python*'; \
	  CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PY) -m pip install --quiet --force-reinstall --no-deps 'llama-cpp-python>=0.3' \
	  && $(PY) -c '$(LLAMA_CHECK)'; }
	touch $(STAMP)

# The browser tests drive Debian's Chromium and Firefox ESR (never a test tool's own browser
# download). Installed when missing and we are root; otherwise those tests skip and say why.
browser:
	@for pkg in chromium firefox-esr; do command -v $$pkg >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$pkg >/dev/null) \
	      || echo "warning: could not install $$pkg; its browser tests will be skipped"; \
	  else echo "note: $$pkg not installed and not root; its browser tests will be skipped"; fi; }; done

# The origin and the edge share a secret; the demo makes a fresh one unless you set your own.
# On one machine the origin runs at a lower priority, standing in for its own machine: the edge's
# latency-critical work (VAD, ASR, the first clause's speech) goes first when the cores are busy.
demo: $(STAMP)
	@secret="$${EDGEVOICE_ORIGIN_SECRET:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(32))')}"; \
	export EDGEVOICE_ORIGIN_SECRET="$$secret"; \
	nice -n 10 $(VENV)/bin/edgevoice origin --host 127.0.0.1 --port $(ORIGIN_PORT) --log-level warning & origin=$$!; \
	trap 'kill $$origin 2>/dev/null; wait $$origin 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/edgevoice edge --host $(HOST) --port $(EDGE_PORT) --origin ws://127.0.0.1:$(ORIGIN_PORT) --ice-loopback

test: $(STAMP) browser
	$(PY) -m pytest -q -ra

# Benchmarks write their results to docs/bench/*.json; docs/BENCHMARKS.md quotes them.
bench: bench-vad bench-edge bench-scanner bench-scanner-heard bench-origin

bench-edge: $(STAMP)
	$(PY) -m latency_probe.bench --out docs/bench/edge.json

bench-vad: $(STAMP)
	$(PY) -m latency_probe.vad_bench --out docs/bench/vad.json

bench-scanner: $(STAMP)
	$(PY) -m scanner.bench --out docs/bench/scanner.json

# the scanner on Piper speech as Whisper tiny.en heard it (transcripts cached in build/)
bench-scanner-heard: $(STAMP)
	$(PY) -m scanner.heard_bench --per-group 150 --out docs/bench/scanner_heard.json
	$(PY) -m scanner.heard_bench --public --out docs/bench/scanner_heard_public.json

bench-origin: $(STAMP)
	$(PY) -m origin_llm.bench --out docs/bench/origin.json

clean:
	rm -rf $(VENV) build *.egg-info
