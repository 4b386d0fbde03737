"""Demo data: two tenants with clearly different brands, a few customers each, an operator,
and the repairer network: postal codes, three repairers and a job that went through a decline.

Idempotent: running it again changes nothing that is already there.
"""

import io
import struct
import zlib
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from shared_apps.operators.demo_network import DEMO_REPAIRERS, seed_demo_job, seed_repairers
from shared_apps.postoffices.actions import import_sample as import_post_office_sample
from tenant_apps.accounts.models import Role, User
from tenant_apps.catalog.demo import seed_catalog
from tenant_apps.commerce.checkout_actions import seed_checkout
from tenant_apps.customers.models import Customer
from tenant_apps.customers.vat import CustomerKind
from tenant_apps.documents.demo import seed_documents
from tenants.actions import TenantRequest, ensure_platform_tenants, provision_tenant
from tenants.models import LabelMode, Tenant, TenantKind

DEMO_PASSWORD = "demo-repair-2026"
OPERATOR_EMAIL = "operator@platform.localhost"

TENANTS: list[dict[str, Any]] = [
    {
        "request": TenantRequest(
            name="Demo Retail", slug="retail", domain="retail.localhost",
            admin_email="manager@retail.localhost", kind=TenantKind.RETAIL_CHAIN,
            label_mode=LabelMode.WHITE,
            brand={
                "legal_name": "Demo Retail SAS", "address_line": "12 rue de la Paix",
                "postal_code": "75002", "city": "Paris", "siret": "73282932000074",
                "vat_number": "FR44732829320", "primary_color": "#c8102e",
                "accent_color": "#ffd100", "font": "sans",
                "support_email": "help@retail.localhost", "support_phone": "+33 1 23 45 67 89",
                "email_sender_name": "Demo Retail", "email_sender_address": "care@retail.localhost",
            },
        ),
        "logo_color": (200, 16, 46),
        "staff": [("counter@retail.localhost", Role.COUNTER_STAFF)],
        "customers": [("alice@example.com", "Alice Martin"), ("bob@example.com", "Bob Durand"),
                      ("chloe@example.com", "Chloé Bernard")],
        # A French company: invoices excl. VAT with the B2B mentions.
        "professionals": [("pro@example.com", "Paul Garnier", {
            "company_name": "Garnier Réparations SARL", "siret": "84231567300009",
            "vat_number": "FR31842315673", "vat_number_status": "format_valid",
            "billing_country": "FR"})],
    },
    {
        "request": TenantRequest(
            name="Demo SME", slug="sme", domain="sme.localhost",
            admin_email="manager@sme.localhost", kind=TenantKind.SME, label_mode=LabelMode.GREY,
            brand={
                "legal_name": "Atelier Demo SARL", "address_line": "3 quai des Chartrons",
                "postal_code": "33000", "city": "Bordeaux", "primary_color": "#0b6e4f",
                "accent_color": "#9bd1e5", "background_color": "#f7fbf9", "font": "serif",
                "support_email": "contact@sme.localhost", "support_phone": "+33 5 56 00 00 00",
                "grey_label_line": f"operated by {settings.PLATFORM_NAME}",
            },
        ),
        "logo_color": (11, 110, 79),
        "staff": [],
        "customers": [("alice@example.com", "Alice Martin"), ("david@example.com", "David Petit")],
    },
]


def solid_png(color: tuple[int, int, int], size: int = 64) -> bytes:
    """A small square PNG of one colour, so the demo needs no binary files in the repository."""
    row = b"\x00" + bytes(color) * size
    raw = row * size

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _ensure_user(email: str, role: str, full_name: str = "") -> None:
    if not User.objects.filter(email=email).exists():
        User.objects.create_user(email, DEMO_PASSWORD, role=role, full_name=full_name)


def _ensure_professional(email: str, full_name: str, company: dict[str, str]) -> None:
    _ensure_user(email, Role.CUSTOMER, full_name)
    user = User.objects.get(email=email)
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    Customer.objects.get_or_create(user=user, defaults={"kind": CustomerKind.PROFESSIONAL,
                                                        **company})


class Command(BaseCommand):
    help = ("Seed the demo: operator, Demo Retail (white label), Demo SME (grey label), "
            "repairers and a routed job.")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        ensure_platform_tenants(settings.PUBLIC_DOMAIN)
        with schema_context("public"):
            _ensure_user(OPERATOR_EMAIL, Role.OPERATOR, "Platform operator")
        for spec in TENANTS:
            request = spec["request"]
            tenant = Tenant.objects.filter(slug=request.slug).first()
            if tenant is None:
                tenant = provision_tenant(request, actor_email="seed")
            with tenant_context(tenant):
                manager = User.objects.get(email=request.admin_email)
                if not manager.has_usable_password():
                    manager.set_password(DEMO_PASSWORD)
                    manager.save(update_fields=["password"])
                for email, role in spec["staff"]:
                    _ensure_user(email, role)
                for email, name in spec["customers"]:
                    _ensure_user(email, Role.CUSTOMER, name)
                for email, name, company in spec.get("professionals", []):
                    _ensure_professional(email, name, company)
                seed_catalog()
                seed_checkout()
                seed_documents()
                brand = tenant.brand
                if not brand.logo:
                    brand.logo.save("logo.png", ContentFile(solid_png(spec["logo_color"])))
        with schema_context("public"):
            import_post_office_sample()
            seed_repairers(DEMO_PASSWORD)
            seed_demo_job()
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self._print_summary()

    def _print_summary(self) -> None:
        port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
        out = io.StringIO()
        out.write(f"\n  Operator console  {settings.SITE_SCHEME}://{settings.PUBLIC_DOMAIN}{port}/"
                  f"   {OPERATOR_EMAIL} / {DEMO_PASSWORD}\n")
        for spec in TENANTS:
            request = spec["request"]
            base = f"{settings.SITE_SCHEME}://{request.domain}{port}"
            out.write(f"  {request.name:<16}  {base}/   customers: "
                      f"{', '.join(email for email, _ in spec['customers'])}\n")
            for email, _, company in spec.get("professionals", []):
                out.write(f"{'':<18}  professional: {email} ({company['company_name']})\n")
            out.write(f"  {'':<16}  {base}/backoffice/   {request.admin_email}\n")
        portal = f"{settings.SITE_SCHEME}://{settings.PUBLIC_DOMAIN}{port}/repairers/"
        out.write(f"  Repairer portal   {portal}\n")
        for repairer in DEMO_REPAIRERS:
            out.write(f"  {'':<16}  {repairer.profile['name']:<20} {repairer.login}\n")
        out.write(f"  Every demo password: {DEMO_PASSWORD}\n")
        self.stdout.write(out.getvalue())
