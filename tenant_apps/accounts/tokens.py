"""Tokens for set-password / reset links and e-mail verification, bound to the current schema.

User ids repeat across tenant schemas, so every token also hashes the schema it was made in: a
link made for tenant A never works on tenant B's domain.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from tenants.context import current_schema

from .models import User

VERIFY_SALT = "accounts.verify-email"
VERIFY_MAX_AGE = 60 * 60 * 24 * 7


class SchemaBoundTokenGenerator(PasswordResetTokenGenerator):
    def _make_hash_value(self, user, timestamp):  # type: ignore[no-untyped-def]
        return f"{current_schema()}:{super()._make_hash_value(user, timestamp)}"


password_token_generator = SchemaBoundTokenGenerator()


def encode_uid(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def user_from_uid(uidb64: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def make_verification_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email, "schema": current_schema()},
                         salt=VERIFY_SALT)


def user_from_verification_token(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("schema") != current_schema():
        return None
    return User.objects.filter(pk=data.get("user"), email=data.get("email"), is_active=True).first()
