# The one entry point. `make run` serves the app; `make test` runs the whole suite.
# Both set up everything they need on a fresh Debian machine with Python 3.11.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
# Debian packages: Chromium for browser tests, poppler-utils to look at PDFs as PNG pages,
# pango, HarfBuzz's subsetter (fonts cut to the glyphs used; WeasyPrint warns without it) and
# fonts for WeasyPrint.
TEST_DEBS := chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test check serve worker bench lock setup db demo clean

$(STAMP): requirements.lock
	rm -f $(VENV)/.installed-*
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	touch $@

define install_debs
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

setup: $(STAMP)
	$(call install_debs,$(RUN_DEBS))

db: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_rubrics

demo: db
	$(BIN)/python manage.py seed_demo

# A worker renders stored report PDFs beside the development server (the same as
# production, not django-tasks' immediate backend, so "Queued" and "Being made" show);
# it is stopped when runserver stops.
run: demo
	DEBUG=1 $(BIN)/python manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# Production: PostgreSQL from DATABASE_URL, production settings, gunicorn (coprod/gunicorn.py).
# Safe to run at every start: migrations and rubric loading are no-ops when nothing changed,
# and load_rubrics never touches a draft an admin is editing in the database.
PROD := COPROD_ENV=production
serve: setup
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make serve needs DATABASE_URL=postgres://user:password@host:5432/name (README: Deploying)" >&2; exit 1;; esac
	$(PROD) $(BIN)/python manage.py check --deploy
	$(PROD) $(BIN)/python manage.py migrate --noinput
	$(PROD) $(BIN)/python manage.py load_rubrics
	$(PROD) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(PROD) exec $(BIN)/gunicorn -c coprod/gunicorn.py coprod.wsgi

# The worker that renders stored report versions (README: Deploying); run beside make serve,
# with the same environment. First it queues again any render a dead worker left behind.
worker: setup
	$(PROD) $(BIN)/python manage.py recover_report_renders
	$(PROD) exec $(BIN)/python manage.py db_worker --no-reload

test: $(STAMP)
	$(call install_debs,$(TEST_DEBS))
	$(BIN)/python manage.py check_rubrics
	$(BIN)/ruff check .
	$(BIN)/pytest --cov --cov-report=term

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check_rubrics
	$(BIN)/python manage.py makemigrations --check --dry-run
	COPROD_ENV=production SECRET_KEY=check-only-$$(head -c 32 /dev/urandom | base64 | tr -dc a-zA-Z0-9) ALLOWED_HOSTS=coprod.example.nhs.uk \
	  EMAIL_HOST=smtp.example.nhs.uk DEFAULT_FROM_EMAIL=coprod@example.nhs.uk \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

bench: db
	$(BIN)/python bench/profile_scoring.py --top 0
	$(BIN)/python bench/load.py --scorers 100 --seconds 60
	$(BIN)/python bench/report_pdf.py
	$(BIN)/python bench/stored_report.py

# Re-resolve dependencies after editing pyproject.toml (needs uv: pip install uv).
lock:
	uv lock
	uv export --format requirements-txt --all-groups --no-emit-project --output-file requirements.lock

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
