# One command each: `make run` (demo inspection) and `make test` (whole suite, headless).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := $(HOME)/.local/share/fieldwork-demo/demo.fieldwork

.PHONY: run test bench stress lint typecheck venv clean crash-test fuzz audit screenshots-docs installer screenshots \
	translations small-screen-shots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/fieldwork --demo

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m pytest tests/benchmarks -s -p no:cacheprovider -o addopts=""

# The real main window offscreen through 200 background jobs of every kind, overlapping with editing:
# jobs run, crashes (must be 0), the longest stall of the event loop.
stress: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.stress --jobs 200

crash-test: $(STAMP)
	FIELDWORK_CRASH_KILLS=200 $(BIN)/python -m pytest tests/reliability/test_crash.py -s -p no:cacheprovider

fuzz: $(STAMP)
	FIELDWORK_FUZZ_EXAMPLES=3000 $(BIN)/python -m pytest tests/reliability/test_fuzz.py -p no:cacheprovider

audit: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-audit
	$(BIN)/pip-audit --skip-editable

# First page of the demo tables PDF and of a referral letter, as PNG (needs pdftoppm: poppler-utils).
screenshots-docs: $(STAMP)
	$(BIN)/python -m exports.render_samples docs/screenshots

# The frozen one-folder app in dist/fieldwork, smoke-tested headless and offline (installer/README.md).
installer: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,installer]'
	$(BIN)/python installer/build.py

# The desktop windows rendered offscreen on the demo inspection (main window, case panel, dialogs, report,
# agreement panel, export progress), after the document pages (screenshots-docs).
screenshots: $(STAMP) screenshots-docs
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.screenshots docs/screenshots

# the main window's tabs and the busiest dialogs on a 1366x768 laptop at 100%, 125% and 150% scaling
small-screen-shots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.small_screen_shots docs/screenshots/small-screen

# ruff everywhere; mypy --strict on the Qt-free layers, default strictness on the desktop and widgets.
typecheck: $(STAMP)
	$(BIN)/mypy --strict models exports
	$(BIN)/mypy desktop widgets

lint: $(STAMP) typecheck
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build dist *.egg-info

# Interface translations (resources/i18n/README.md): mark new texts, refresh the .ts files, compile the .qm files.
translations: $(STAMP)
	$(BIN)/python resources/i18n/translatable.py --mark widgets desktop/app.py
	$(BIN)/ruff check --fix -q widgets desktop
	$(BIN)/pyside6-lupdate widgets/*.py desktop/app.py -source-language en_GB -target-language cy_GB -no-obsolete \
		-ts resources/i18n/fieldwork_cy.ts
	$(BIN)/pyside6-lrelease resources/i18n/fieldwork_cy.ts -qm resources/i18n/fieldwork_cy.qm
	$(BIN)/pyside6-lrelease resources/i18n/qtbase_cy.ts -qm resources/i18n/qtbase_cy.qm
