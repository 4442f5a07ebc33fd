# The README's commands. Each one installs what it needs first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: install run test bench soak clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/pserve development.ini

test: install
	$(BIN)/python -m pytest

# make bench BENCH_ARGS=--quick for a short run; --help lists the rest.
bench: install
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# wrk on mixed public pages (64 connections, 60 s) while an admin script saves an episode (bench/soak.py)
soak: install
	$(BIN)/python -m bench.soak

clean:
	rm -rf $(VENV) var build *.egg-info
