# h2kg: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test install browser bench score clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/h2kg build seeds -o out

# Headless Chromium for the browser tests: installed from Debian when missing and we may;
# otherwise those tests skip with a message saying why.
browser:
	@for tool in chromium:chromium rapper:raptor2-utils; do \
	  cmd=$${tool%%:*}; pkg=$${tool##*:}; \
	  command -v $$cmd >/dev/null 2>&1 && continue; \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$pkg >/dev/null 2>&1) \
	      || echo "$$pkg could not be installed: the tests that need $$cmd will be skipped"; \
	  else echo "$$cmd not installed: the tests that need it will be skipped"; fi; \
	done

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Extraction scores on the seeds and each set of test articles (needs ../shared beside the repo).
score: $(STAMP)
	$(BIN)/python tests/corpus/score_sets.py

clean:
	rm -rf out .pytest_cache
