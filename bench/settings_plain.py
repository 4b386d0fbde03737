"""The same storefront with tenant routing bypassed: identical settings, except that
CachedTenantMiddleware is replaced by FixedTenantMiddleware, which puts one fixed tenant on the
connection without any lookup. The URL conf is the tenant one (ROOT_URLCONF) in both servers.
"""

from bench.settings_tenant import *  # noqa: F403

MIDDLEWARE = [  # noqa: F405
    "bench.fixed_tenant.FixedTenantMiddleware"
    if name == "tenants.middleware.CachedTenantMiddleware"
    else name
    for name in MIDDLEWARE  # noqa: F405
]
