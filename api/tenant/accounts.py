"""Customer accounts over the API: sign up, exchange credentials for a token, own profile."""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.access import API_AUTHENTICATION, CredentialsRateThrottle, signed_in_user
from api.serializers import error_responses
from tenant_apps.accounts import actions
from tenant_apps.accounts.models import User

from .serializers import (
    CredentialsSerializer,
    MeSerializer,
    ProfileUpdateSerializer,
    SignedUpSerializer,
    SignUpSerializer,
    TokenSerializer,
)


def issue_token(user: User) -> str:
    """The user's API token in the current tenant's schema, created on first use."""
    token, _ = Token.objects.get_or_create(user=user)
    return token.key


class SignUpView(APIView):
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [CredentialsRateThrottle]

    @extend_schema(
        operation_id="auth_signup",
        summary="Create a customer account and get an API token",
        request=SignUpSerializer,
        responses={201: SignedUpSerializer, **error_responses(400, 409, 429)},
    )
    def post(self, request: Request) -> Response:
        serializer = SignUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            user = actions.sign_up_customer(
                serializer.validated_data["email"],
                serializer.validated_data["password"],
                full_name=serializer.validated_data["full_name"],
            )
            token = issue_token(user)
        body = {"user": MeSerializer(user).data, "token": token}
        return Response(body, status=status.HTTP_201_CREATED)


class TokenView(APIView):
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [CredentialsRateThrottle]

    @extend_schema(
        operation_id="auth_token",
        summary="Exchange e-mail and password for an API token",
        description="Failed attempts are counted per e-mail address on this store; too many "
        "give 429 for a while.",
        request=CredentialsSerializer,
        responses={200: TokenSerializer, **error_responses(400, 429)},
    )
    def post(self, request: Request) -> Response:
        serializer = CredentialsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = actions.log_in(
            request._request,
            serializer.validated_data["email"],
            serializer.validated_data["password"],
        )
        return Response({"token": issue_token(user)})


class MeView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_retrieve",
        summary="The signed-in user",
        responses={200: MeSerializer, **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(signed_in_user(request)).data)

    @extend_schema(
        operation_id="me_update",
        summary="Change one's own name or phone number",
        request=ProfileUpdateSerializer,
        responses={200: MeSerializer, **error_responses(400, 401)},
    )
    def patch(self, request: Request) -> Response:
        serializer = ProfileUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = actions.update_profile(signed_in_user(request), **serializer.validated_data)
        return Response(MeSerializer(user).data)
