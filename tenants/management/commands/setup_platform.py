from django.conf import settings
from django.core.management.base import BaseCommand

from tenants.actions import ensure_platform_tenants


class Command(BaseCommand):
    help = "Create the public tenant (operator console) and the template schema. Idempotent."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--public-domain", default=settings.PUBLIC_DOMAIN)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        public, template = ensure_platform_tenants(options["public_domain"])
        self.stdout.write(f"public schema on {options['public_domain']}; template schema "
                          f"{template.schema_name} ready")
