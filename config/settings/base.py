"""Settings shared by every environment. Values that differ per deployment come from config.env."""

from decimal import Decimal
from pathlib import Path

from config import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.get_str("AWAL_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env.get_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env.get_bool("DEBUG", False)
# Tenants bring their own custom domains; tenant resolution answers 404 for unknown hosts.
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["*"])

# --- Tenancy ---------------------------------------------------------------------------------
SHARED_APPS = [
    "django_tenants",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "themes",
    "tenant_apps.accounts",
    "shared_apps.operators",
    "shared_apps.repairers",
    "shared_apps.dispatch",
    "shared_apps.postoffices",
    "shared_apps.payments_platform",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "rest_framework.authtoken",
    "tenant_apps.accounts",
    "tenant_apps.storefront",
    "tenant_apps.backoffice",
    "tenant_apps.network",
    "tenant_apps.catalog",
    "tenant_apps.customers",
    "tenant_apps.commerce",
    "tenant_apps.documents",
    "tenant_apps.payments",
    "tenant_apps.logistics",
    "tenant_apps.repairs",
    "tenant_apps.warranties",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"
# New tenants are cloned from this schema (a tenant row itself: migrate_schemas keeps it current).
TENANT_BASE_SCHEMA = "t_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
TENANT_LIMIT_SET_CALLS = True
SHOW_PUBLIC_IF_NO_TENANT_FOUND = False
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# Host -> tenant resolution is cached this long; any change to a tenant or domain invalidates it.
TENANT_ROUTING_CACHE_SECONDS = env.get_int("TENANT_ROUTING_CACHE_SECONDS", 300, minimum=1)
# Per-tenant template overrides: THEME_OVERRIDES_DIR/<tenant slug>/<template path>.
THEME_OVERRIDES_DIR = Path(env.get_str("THEME_OVERRIDES_DIR", str(BASE_DIR / "themes" / "tenants")))
# Links in e-mails point at the tenant's stored primary domain, with this scheme and port.
SITE_SCHEME = env.get_choice("SITE_SCHEME", "https", ("http", "https"))
SITE_PORT = env.get_int("SITE_PORT", 0, minimum=0)
PUBLIC_DOMAIN = env.get_str("PUBLIC_DOMAIN", "localhost")
PLATFORM_NAME = "Awal"

DATABASES = {
    "default": env.parse_database_url(
        env.get_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/awal")
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.get_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

MIDDLEWARE = [
    "tenants.middleware.CachedTenantMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tenants.middleware.SuspendedTenantMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "themes" / "default" / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "themes.context_processors.brand",
            ],
            "loaders": [
                (
                    "themes.loaders.SchemaCachedLoader",
                    [
                        "themes.loaders.TenantOverrideLoader",
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
        },
    }
]

WSGI_APPLICATION = "config.wsgi.application"

# --- Accounts --------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
# Failed logins allowed per e-mail address per tenant before a cool-down.
LOGIN_THROTTLE_ATTEMPTS = env.get_int("LOGIN_THROTTLE_ATTEMPTS", 5, minimum=1)
LOGIN_THROTTLE_SECONDS = env.get_int("LOGIN_THROTTLE_SECONDS", 900, minimum=1)
PASSWORD_RESET_EMAIL_INTERVAL = env.get_int("PASSWORD_RESET_EMAIL_INTERVAL", 300, minimum=1)

# Cookies stay on the host that set them: a session never travels to another tenant's domain.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Cache -----------------------------------------------------------------------------------
REDIS_URL = env.get_redis_url()
if REDIS_URL:
    _cache_backend = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
else:
    _cache_backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {
    # Tenant data: every key is prefixed with the current schema.
    "default": {
        **_cache_backend,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        "KEY_PREFIX": "awal",
    },
    # Host -> tenant routing: the one cache that must not be keyed by the current schema.
    "tenancy": {
        **_cache_backend,
        "KEY_PREFIX": "awal-routing",
        "LOCATION": _cache_backend.get("LOCATION", "tenancy"),
    },
}

# --- Celery ----------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
# Without Redis, tasks run in-process: the demo needs no worker.
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BEAT_SCHEDULE = {
    "dispatch-expire-offers": {
        "task": "shared_apps.dispatch.tasks.expire_offers",
        "schedule": 60.0,
    },
    "dispatch-remind-repairers": {
        "task": "shared_apps.dispatch.tasks.remind_repairers",
        "schedule": 300.0,
    },
    "repairs-expire-quotes": {
        "task": "tenant_apps.repairs.tasks.expire_quotes_everywhere",
        "schedule": 3600.0,
    },
    "logistics-advance-simulated-shipments": {
        "task": "tenant_apps.logistics.tasks.advance_simulated_shipments_everywhere",
        "schedule": 60.0,
    },
}

# --- Files -----------------------------------------------------------------------------------
MEDIA_ROOT = Path(env.get_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
AWS_STORAGE_BUCKET_NAME = env.get_str("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_REGION_NAME = env.get_str("AWS_S3_REGION_NAME", "eu-west-3")
    AWS_S3_ENDPOINT_URL = env.get_str("AWS_S3_ENDPOINT_URL", "") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    _default_storage = "tenants.storage.TenantS3Storage"
else:
    _default_storage = "tenants.storage.TenantFileSystemStorage"
STORAGES = {
    "default": {"BACKEND": _default_storage},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded logos are capped; larger files are refused with a field error.
BRAND_LOGO_MAX_BYTES = env.get_int("BRAND_LOGO_MAX_BYTES", 1024 * 1024, minimum=1024)

# --- E-mail ----------------------------------------------------------------------------------
_email = env.get_choice("EMAIL_BACKEND", "console", ("console", "smtp", "locmem", "file"))
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
}[_email]
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env.get_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.get_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "no-reply@localhost")

# --- SMS -------------------------------------------------------------------------------------
# tenants/sms.py: "console" prints each text (development), "locmem" keeps them in
# tenants.sms.outbox (tests); real providers register a backend there and a choice here.
SMS_BACKEND = env.get_choice("SMS_BACKEND", "console", ("console", "locmem"))

# --- Payments --------------------------------------------------------------------------------
# Stripe Connect: each tenant is a connected account and charges are direct charges on it (the
# card statement shows the retailer); the platform takes an application fee of
# PLATFORM_FEE_PERCENT of the amount plus PLATFORM_FEE_FIXED (in the payment's currency).
STRIPE_SECRET_KEY = env.get_str("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = env.get_str("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = env.get_str("STRIPE_WEBHOOK_SECRET", "")
PLATFORM_FEE_PERCENT = env.get_decimal("PLATFORM_FEE_PERCENT", "2.0", minimum=Decimal("0"),
                                       maximum=Decimal("50"))
PLATFORM_FEE_FIXED = env.get_decimal("PLATFORM_FEE_FIXED", "0.00", minimum=Decimal("0"),
                                     maximum=Decimal("10"))
PAYMENT_PROVIDERS = env.get_choices("PAYMENT_PROVIDERS", ["dummy", "stripe"], ("dummy", "stripe"))
# The fake payment page takes no money: on by default here, off in config.settings.prod unless
# PAYMENTS_DUMMY_ENABLED=1 (a demo deployment).
PAYMENTS_DUMMY_ENABLED = env.get_bool("PAYMENTS_DUMMY_ENABLED", True)

# --- API -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.typed_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    # Client addresses for throttling: trust X-Forwarded-For only behind this many proxies.
    "NUM_PROXIES": env.get_int("NUM_PROXIES", 0, minimum=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Storefront and platform API",
    "DESCRIPTION": "REST API: the tenant side on each storefront domain, the platform side on the "
    "public domain.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ItemKindEnum": "tenant_apps.catalog.models.ItemKind",
        "CustomerKindEnum": "tenant_apps.customers.vat.CustomerKind",
        "AddressKindEnum": "tenant_apps.customers.models.AddressKind",
        "VatStatusEnum": "tenant_apps.customers.vat.VatStatus",
        "PaymentStatusEnum": "tenant_apps.payments.state.PaymentStatus",
        "RefundStatusEnum": "tenant_apps.payments.state.RefundStatus",
        "PaymentProviderEnum": "tenant_apps.payments.models.Provider",
        "OrderStatusEnum": "tenant_apps.commerce.order_state.OrderStatus",
        "ShipmentStatusEnum": "tenant_apps.logistics.state.ShipmentStatus",
        "RepairStatusEnum": "tenant_apps.repairs.state.RepairStatus",
        "RepairPathEnum": "tenant_apps.repairs.state.RepairPath",
        "QuoteStatusEnum": "tenant_apps.repairs.state.QuoteStatus",
        "QuoteLineKindEnum": "tenant_apps.repairs.models.QuoteLineKind",
        "WarrantyKindEnum": "tenant_apps.warranties.state.WarrantyKind",
        "WarrantyStatusEnum": "tenant_apps.warranties.state.WarrantyStatus",
        "ClaimStatusEnum": "tenant_apps.warranties.state.ClaimStatus",
    },
}

# --- I18N ------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Logging: every line carries the tenant --------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant": {"()": "tenants.logging.TenantContextFilter"}},
    "formatters": {
        "tenant": {"format": "%(asctime)s %(levelname)s [%(schema_name)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["tenant"], "formatter": "tenant"}
    },
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "INFO")},
}

STATICFILES_DIRS = [BASE_DIR / "themes" / "default" / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"
