# The two commands a newcomer needs: `make run` (the demo) and `make test` (the whole suite).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
SERVICES = eval "$$(PY=$(PY) scripts/services.sh $(1))"

.PHONY: install run test worker beat bench lint typecheck migrate seed chromium clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

# Headless Chromium for the browser tests and Pango for WeasyPrint's PDFs, from Debian's packages.
chromium:
	@{ command -v chromium >/dev/null 2>&1 && ldconfig -p | grep -q libpangoft2-1.0; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && \
	    apt-get install -y -q chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; \
	  else echo "missing: sudo apt-get install -y chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core" >&2; fi; }

migrate: install
	$(call SERVICES) && $(PY) scripts/createdb.py && $(PY) manage.py migrate_schemas --executor=multiprocessing -v0

seed: migrate
	$(call SERVICES) && $(PY) manage.py seed_demo

run: chromium seed
	$(call SERVICES) && $(PY) manage.py runserver 0.0.0.0:8000

test: install chromium lint typecheck
	$(call SERVICES,--redis) && DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest

worker: install
	$(call SERVICES,--redis) && $(VENV)/bin/celery -A config worker -l info

beat: install
	$(call SERVICES,--redis) && $(VENV)/bin/celery -A config beat -l info

bench: install
	$(call SERVICES) && $(PY) bench/run.py

lint: install
	$(VENV)/bin/ruff check .

typecheck: install
	$(VENV)/bin/mypy tenants tenant_apps shared_apps api config

clean:
	rm -rf $(VENV) var .pytest_cache
