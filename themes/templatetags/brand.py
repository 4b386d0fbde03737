import re

from django import template
from django.utils.safestring import mark_safe

from tenants.models import Brand

register = template.Library()
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _color(value: str, fallback: str) -> str:
    return value if _COLOR.fullmatch(value or "") else fallback


@register.simple_tag
def brand_tokens(brand: Brand | None) -> str:
    """The brand as CSS custom properties; the default theme reads only these variables.

    Colours are re-checked against #RRGGBB and the font comes from a fixed list of stacks, so
    nothing a tenant types reaches the style sheet unchecked.
    """
    if brand is None:
        return ""
    tokens = {
        "--brand-primary": _color(brand.primary_color, "#1f4e79"),
        "--brand-accent": _color(brand.accent_color, "#f2a900"),
        "--brand-background": _color(brand.background_color, "#ffffff"),
        "--brand-text": _color(brand.text_color, "#1a1a1a"),
        "--brand-font": brand.font_stack,
    }
    body = ";".join(f"{name}:{value}" for name, value in tokens.items())
    return mark_safe(f"<style>:root{{{body}}}</style>")  # noqa: S308
