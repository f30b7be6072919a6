# Organizer: `make run` (the app on SQLite with the seeded archive) and `make test` (all tests).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export FLASK_APP := organizer

.PHONY: run test lint install catalog messages benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed catalog

catalog: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations

run: install
	ORGANIZER_ENV=$${ORGANIZER_ENV:-development} $(BIN)/flask db upgrade
	ORGANIZER_ENV=$${ORGANIZER_ENV:-development} $(BIN)/flask organizer seed
	ORGANIZER_ENV=$${ORGANIZER_ENV:-development} $(BIN)/flask organizer search-index
	ORGANIZER_ENV=$${ORGANIZER_ENV:-development} $(BIN)/flask run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# Ruff (rules in pyproject.toml); the layer and commit contracts are tests/test_architecture.py.
lint: $(VENV)/.installed
	$(BIN)/ruff check organizer tests

# Extract marked strings and update the Spanish catalog (then translate what is new).
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F translations/babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--project Organizer -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

benchmark: install
	$(BIN)/python -m tests.benchmarks

clean:
	rm -rf $(VENV) build *.egg-info
