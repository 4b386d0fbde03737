"""Schema names are generated here and nowhere else, and validated by one strict pattern.

They become search_path entries, cache-key and file-path prefixes, so they must never come from user
input (TENANCY.md 4, 5): a name always starts with a letter and holds only [a-z0-9_].
"""

import re
import secrets

from django.core.exceptions import ValidationError

PUBLIC_SCHEMA = "public"
TEMPLATE_SCHEMA = "t_template"
_GENERATED = re.compile(r"^t_[0-9a-f]{16}$")


def generate_schema_name() -> str:
    return f"t_{secrets.token_hex(8)}"


def is_valid_schema_name(name: str) -> bool:
    return name in (PUBLIC_SCHEMA, TEMPLATE_SCHEMA) or bool(_GENERATED.fullmatch(name))


def validate_schema_name(name: str) -> None:
    if not isinstance(name, str) or not is_valid_schema_name(name):
        raise ValidationError(
            "Invalid schema name %(name)r.", code="invalid_schema_name", params={"name": name}
        )
