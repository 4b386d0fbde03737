"""Who may call the API: how a caller proves who they are, and what each role may do."""

from typing import cast

from django.db import connection
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from shared_apps.repairers.models import Repairer
from shared_apps.repairers.selectors import repairer_for_user
from tenant_apps.accounts.models import User
from tenants.models import Tenant
from tenants.schema_names import PUBLIC_SCHEMA

# Token first: an anonymous caller or a token that this schema does not know gets a 401 with
# "WWW-Authenticate: Token". Tokens live in each schema, so one tenant's token means nothing on
# another tenant's host or on the public host.
API_AUTHENTICATION = [TokenAuthentication, SessionAuthentication]


def signed_in_user(request: Request) -> User:
    """The caller, for views whose permissions already require a signed-in user."""
    return cast(User, request.user)


def request_tenant(request: Request) -> Tenant:
    """The tenant resolved from the Host header by the tenant middleware."""
    return cast(Tenant, request._request.tenant)  # type: ignore[attr-defined]


class IsManager(BasePermission):
    """A manager of the tenant whose host was called."""

    message = "Only the store's managers may do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_manager)


class IsOperator(BasePermission):
    """A platform operator, signed in on the public domain (operators live in its schema)."""

    message = "Only platform operators may do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(
            connection.schema_name == PUBLIC_SCHEMA  # type: ignore[attr-defined]
            and user
            and user.is_authenticated
            and user.is_operator
        )


def acting_repairer(request: Request) -> Repairer:
    """The caller's repairer, for views guarded by IsRepairer (which looks it up once)."""
    return cast(Repairer, request.acting_repairer)  # type: ignore[attr-defined]


class IsRepairer(BasePermission):
    """A member of a repairer organisation, signed in on the public domain."""

    message = "Only repairers of the network may do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if connection.schema_name != PUBLIC_SCHEMA:  # type: ignore[attr-defined]
            return False
        repairer = repairer_for_user(cast(User, request.user))
        request.acting_repairer = repairer  # type: ignore[attr-defined]
        return repairer is not None


class IsStoreStaff(BasePermission):
    """A manager or counter clerk of the tenant whose host was called."""

    message = "Only the store's staff may do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(
            connection.schema_name != PUBLIC_SCHEMA  # type: ignore[attr-defined]
            and user
            and user.is_authenticated
            and user.is_store_staff
        )


class CredentialsRateThrottle(AnonRateThrottle):
    """Sign-up and token requests per client address; the cache is keyed by tenant schema."""

    scope = "credentials"
    rate = "30/minute"
