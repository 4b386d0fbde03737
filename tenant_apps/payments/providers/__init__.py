"""Payment providers a tenant may offer at checkout."""


def available_providers() -> list[tuple[str, str]]:
    """(code, label) of the providers this tenant offers, in display order."""
    return [("dummy", "Card (demo payment page)")]
