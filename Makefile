# The newcomer's two commands: `make run` and `make test`. Needs only Python 3.11 and make.
PYTHON ?= python3.11
PORT ?= 8000
VENV := .venv
TOOLS := .tools
UV := $(TOOLS)/bin/uv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export UV_PYTHON_DOWNLOADS := never
# Some machines set this; without bytecode caches every command re-compiles Wagtail (seconds).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install run serve data test check assets messages bench clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"

$(VENV)/.installed: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	touch $@

install: $(VENV)/.installed

data: install
	$(MANAGE) migrate --no-input
	$(MANAGE) setup_network
	$(MANAGE) load_territories
	$(MANAGE) load_cohorts
	$(MANAGE) seed_demo

# Installs, migrates, loads the territories, the plan's cohorts and the demo network, prints the
# demo logins and serves the site, with the outbox loop (tasks and schedule) running beside it.
run: data
	@$(MANAGE) relay_outbox --embedded & relay=$$!; \
	trap "kill $$relay 2>/dev/null" EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# The layers (pyproject.toml's import-linter contract; docs/architecture.md) and the lint first.
check: install
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=website.settings.production SECRET_KEY=check-only-$$(date +%s)-a-long-random-string-for-the-deploy-check ALLOWED_HOSTS=remacto.example $(PY) manage.py check --deploy --fail-level WARNING

# Self-hosted fonts from the npm registry, vendored into static/fonts (committed: `make run`
# needs no Node).
assets:
	./scripts/vendor_fonts.sh

# Translation catalogues: extract from our apps and templates (not from installed packages, the
# demo's media or collected static files), then compile; the compiled .mo files are committed.
# Needs GNU gettext (Debian: gettext). No JavaScript of ours carries messages (no djangojs domain).
MESSAGES_IGNORE := --ignore=.venv --ignore=.tools --ignore=node_modules --ignore=var \
	--ignore=staticfiles --ignore=media --ignore=test-artifacts
messages: install
	$(MANAGE) makemessages --no-obsolete --no-location -l ar -l fr -l zgh -l en $(MESSAGES_IGNORE)
	$(MANAGE) compilemessages $(MESSAGES_IGNORE)

bench: install
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) $(TOOLS) var staticfiles
