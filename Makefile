# Certinum — the two set-up commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST := 127.0.0.1
PORT := 8000

.PHONY: demo test serve data lint clean messages

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 ou plus récent est nécessaire." if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@ $(VENV)/.installed-app

data: $(VENV)/.installed-app
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable
	$(MANAGE) load_content
	$(MANAGE) demo_data

# The production server (gunicorn, DEBUG off, plus the task worker when installed) on this
# computer: a school can run a real session from a laptop. Logins and URLs come last.
demo: data
	$(MANAGE) serve_demo --host $(HOST) --port $(PORT)

# Development: Django's auto-reloading server, with DEBUG on.
serve: data
	$(MANAGE) runserver $(HOST):$(PORT)

test: $(VENV)/.installed-test
	$(BIN)/pytest -rfEs

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var/*.sqlite3* tests/browser/screenshots staticfiles

# Refresh the translation catalogs after changing interface texts: French (identity, for
# French plural rules) is rebuilt; new English entries are left empty or fuzzy to translate.
messages: $(VENV)/.installed-app
	rm -f certinum/locale/fr/LC_MESSAGES/django.po  # rebuilt from scratch: no fuzzy guesses
	$(MANAGE) makemessages -l en -l fr --ignore=.venv --ignore=tests --ignore=content --ignore=var --ignore=staticfiles
	for l in en fr; do msgattrib --no-obsolete -o certinum/locale/$$l/LC_MESSAGES/django.po certinum/locale/$$l/LC_MESSAGES/django.po; done
	msgen certinum/locale/fr/LC_MESSAGES/django.po -o certinum/locale/fr/LC_MESSAGES/django.po
	sed -i -e 's/^"Plural-Forms: .*"$$/"Plural-Forms: nplurals=2; plural=(n > 1);\\n"/' -e '/^#, fuzzy$$/d' certinum/locale/fr/LC_MESSAGES/django.po
	$(MANAGE) compilemessages --ignore=.venv
