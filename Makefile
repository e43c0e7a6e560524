# Two commands for a fresh machine:
#   make run    install everything, ingest seeds/ and serve the map on http://127.0.0.1:5000
#   make test   install everything (Chromium, PostgreSQL with PostGIS too) and run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
GAZETTEER := data/gazetteer/gazetteer.sqlite

.PHONY: run test install browser postgis benchmark screenshots translations

install: $(STAMP) $(GAZETTEER)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(GAZETTEER): $(STAMP) geomap/gazetteer_build.py geomap/textnorm.py data/gazetteer/*.csv
	$(BIN)/geomap build-gazetteer

run: install
	$(BIN)/geomap ingest seeds/
	$(BIN)/geomap serve --host 127.0.0.1 --port 5000

browser:
	command -v chromium >/dev/null 2>&1 || { apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver; }

# The tests start their own PostgreSQL server with PostGIS (tests/postgis_server.py).
postgis:
	ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || { apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    postgresql postgresql-postgis; }

test: install browser postgis
	$(BIN)/pytest

benchmark: install browser postgis
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/map.py
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/dedup.py

# The README's screenshots (docs/screenshot.png, docs/screenshot-city.png): a deliberate step,
# committed with the change that alters what the map looks like.
screenshots: install browser
	$(BIN)/python docs/screenshots.py

# The interface's messages: extracted from the code and templates, merged into each
# language's catalogue (translate the new ones there), compiled for Flask-Babel.
TRANSLATIONS := geomap/translations
translations: $(STAMP)
	$(BIN)/pybabel extract -F $(TRANSLATIONS)/babel.cfg -k _ -k gettext -k ngettext:1,2 \
	    --no-location --sort-output --omit-header -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) \
	    --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date
	$(BIN)/pybabel compile -d $(TRANSLATIONS)
