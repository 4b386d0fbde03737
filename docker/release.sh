#!/bin/sh
# Release step, run once per deploy before the web and Celery processes start:
# shared and tenant schemas are migrated, then the public tenant and the template schema exist.
set -eu
python manage.py migrate_schemas --noinput --executor="${MIGRATION_EXECUTOR:-multiprocessing}"
python manage.py setup_platform --public-domain "${PUBLIC_DOMAIN:?PUBLIC_DOMAIN must be set}"
