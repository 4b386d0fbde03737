from django.core.management.base import BaseCommand, CommandError

from tenants.actions import TenantRequest, provision_tenant
from tenants.errors import ProvisioningError
from tenants.models import LabelMode, TenantKind


class Command(BaseCommand):
    help = "Onboard a tenant: clone its schema, attach its domain and invite its first manager."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True)
        parser.add_argument("--domain", required=True)
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--kind", choices=TenantKind.values, default=TenantKind.RETAIL_CHAIN)
        parser.add_argument("--label-mode", choices=LabelMode.values, default=LabelMode.WHITE)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        request = TenantRequest(
            name=options["name"], slug=options["slug"], domain=options["domain"],
            admin_email=options["admin_email"], kind=options["kind"],
            label_mode=options["label_mode"],
        )
        try:
            tenant = provision_tenant(request, actor_email="cli")
        except ProvisioningError as error:
            raise CommandError(f"{error.field or 'tenant'}: {error.detail}") from error
        self.stdout.write(self.style.SUCCESS(
            f"Tenant {tenant.slug} ready on {options['domain']} (schema {tenant.schema_name}); "
            f"invitation sent to {options['admin_email']}."
        ))
