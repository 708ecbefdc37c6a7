# Two commands set up everything on a fresh machine:
#   make demo   - install, then review the demo pair (model-free, then with a tiny local model)
#   make test   - install, then run the test suite without the slow tests (about 3 min on 2 cores)
#   make test-all - the whole suite, slow tests included (CI: .ci/run)
VENV   ?= .venv
PY     := $(VENV)/bin/python
TRANSLATE := $(VENV)/bin/translate
OUT    ?= out
TINY   ?= .cache/tiny-marian

.PHONY: install demo test test-all eval eval-quick clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	# CPU wheel first: a bare `torch` requirement would pull a multi-GB CUDA build
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

$(TINY)/config.json: $(VENV)/.installed scripts/build_tiny_marian.py
	$(PY) scripts/build_tiny_marian.py $(TINY) >/dev/null

demo: install $(TINY)/config.json
	mkdir -p $(OUT)
	@echo "== model-free review (the default OPUS-MT route is used when it is in the local cache) =="
	$(TRANSLATE) review corpora/demo/vi.txt corpora/demo/nl.txt --fail-on never --only-flagged --json $(OUT)/demo.json --html $(OUT)/demo.html
	@echo
	@echo "== with a tiny random Marian model (re-translates and scores every pair; its output is nonsense) =="
	$(TRANSLATE) review corpora/demo/vi.txt corpora/demo/nl.txt --fail-on never --model $(TINY) --quiet --json $(OUT)/demo-tiny.json

test: install
	$(PY) -m pytest -q -m "not slow"

test-all: install
	$(PY) -m pytest -q

# Every eval/ harness, each at a size that fits on 2 cores (about 40 min in all); make
# stops (non-zero) at the first harness that misses its target. Needs ../shared/corpora
# (or TRANSLATE_CORPORA). `make eval-quick` is the ~10 min subset.
EVAL := PYTHONPATH=$(CURDIR) $(PY)

eval-quick: install
	$(EVAL) eval/align.py --no-timing
	$(EVAL) eval/align.py --e2e
	$(EVAL) eval/flags.py --limit 40 --seeds 2
	$(EVAL) eval/infos.py --limit 60
	$(EVAL) eval/qe.py --limit 30

eval: install
	$(EVAL) eval/align.py --no-timing
	$(EVAL) eval/align.py --e2e
	$(EVAL) eval/flags.py
	$(EVAL) eval/infos.py
	$(EVAL) eval/qe.py
	$(EVAL) eval/compare.py --out $(OUT)/eval-compare
	$(EVAL) eval/corpus.py --docs 400 --tiny 20
	$(EVAL) eval/stress.py --paragraphs 5000
	$(EVAL) eval/speed.py --quick --threads 1
	$(EVAL) eval/bench_exports.py --pairs 5000

clean:
	rm -rf $(VENV) .cache $(OUT) .pytest_cache
