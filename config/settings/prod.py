"""Production: every secret from the environment, HTTPS only."""

from django.core.exceptions import ImproperlyConfigured

from config import env

from .base import *  # noqa: F403
from .base import REDIS_URL, SECRET_KEY

DEBUG = False
if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 50+ characters.")
# Without Redis every gunicorn process would keep its own host -> tenant cache (a suspended
# tenant stays reachable until each copy expires) and Celery tasks would run inside requests.
if not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL must be set in production (redis://host:6379/0).")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SITE_SCHEME = "https"

# The dummy provider's fake payment page takes no money: only a demo deployment turns it on.
PAYMENTS_DUMMY_ENABLED = env.get_bool("PAYMENTS_DUMMY_ENABLED", False)
if PAYMENTS_DUMMY_ENABLED and STRIPE_SECRET_KEY.startswith("sk_live"):  # noqa: F405
    raise ImproperlyConfigured(
        "PAYMENTS_DUMMY_ENABLED takes no money: it cannot be on beside a live Stripe key.")
