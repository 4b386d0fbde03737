from django.db import connection


def onboarding_payload(suffix: str, **overrides: str) -> dict[str, str]:
    """A valid onboarding form for tenant gamma-<suffix> on gamma-<suffix>.localhost."""
    payload = {
        "name": f"Gamma {suffix.title()}",
        "slug": f"gamma-{suffix}",
        "domain": f"gamma-{suffix}.localhost",
        "kind": "sme",
        "label_mode": "white",
        "admin_email": f"boss@gamma-{suffix}.test",
        "legal_name": f"Gamma {suffix.title()} SAS",
        "primary_color": "#117733",
        "accent_color": "#ddcc77",
        "support_email": f"help@gamma-{suffix}.test",
        "grey_label_line": "",
    }
    payload.update(overrides)
    return payload


def schema_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT schema_name FROM information_schema.schemata")
        return {name for (name,) in cursor.fetchall()}
