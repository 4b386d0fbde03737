"""No code enters a tenant with ``with tenant:`` (TenantMixin.__enter__): its class-level stack is
shared between threads (TENANCY.md 3). Only tenant_context() / schema_context() are allowed."""

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.isolation

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["tenants", "tenant_apps", "shared_apps", "api", "config", "themes"]


def _expression_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        return _expression_name(node.value)
    return None


def tenant_with_statements(source: str) -> list[int]:
    """Line numbers of ``with`` items that enter an object named like a tenant (not a call)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                name = _expression_name(item.context_expr)
                if name and "tenant" in name.lower():
                    lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("source, flagged", [
    ("with tenant:\n    pass", [1]),
    ("with request.tenant:\n    pass", [1]),
    ("with self.tenants[0], open('f'):\n    pass", [1]),
    ("async def f():\n    async with connection.tenant:\n        pass", [2]),
    ("with tenant_context(tenant):\n    pass", []),
    ("with schema_context(tenant.schema_name):\n    pass", []),
    ("with transaction.atomic():\n    pass", []),
])
def test_the_check_recognises_tenant_with_statements(source, flagged):
    assert tenant_with_statements(source) == flagged


def test_no_code_uses_with_tenant():
    offenders = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for line in tenant_with_statements(path.read_text(encoding="utf-8")):
                offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert offenders == [], "use tenant_context()/schema_context(), never `with <tenant>:`"
