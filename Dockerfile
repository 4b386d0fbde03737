# One image for every process of the platform: web (gunicorn), Celery worker and beat, and the
# one-shot release step (migrations). docker-compose.yml picks the command per service.
FROM python:3.11-slim

# The settings locate templates and static files next to the code (BASE_DIR): PYTHONPATH makes
# every process run the source tree in /app, not the copy pip installs into site-packages.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.prod \
    AWAL_VAR_DIR=/app/var \
    PYTHONPATH=/app

WORKDIR /app
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin app

COPY . .
RUN pip install . \
    && rm -rf build *.egg-info

# Static files are collected at build time with the production settings; the placeholders below
# exist only for this command (collectstatic reaches neither the database nor Redis).
RUN SECRET_KEY=collectstatic-build-step-placeholder-not-used-at-runtime-0123456789 \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/beat \
    && chown -R app:app /app/var

USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--config", "docker/gunicorn.conf.py"]
