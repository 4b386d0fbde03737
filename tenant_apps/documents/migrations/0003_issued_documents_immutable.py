"""A database guard behind ``IssuedDocument.save``: an issued row cannot be deleted, and an
update may only change its PDF and delivery columns (``pdf``, ``pdf_rendered_at``,
``email_sent_at``). Raw SQL and ``QuerySet.update`` are refused as well.

The function lives in the public schema (created once, replaced identically by every tenant's
migration); the trigger is on each tenant's table.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION public.documents_refuse_issued_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'issued document % cannot be deleted', OLD.number
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (to_jsonb(NEW) - 'pdf' - 'pdf_rendered_at' - 'email_sent_at')
       IS DISTINCT FROM (to_jsonb(OLD) - 'pdf' - 'pdf_rendered_at' - 'email_sent_at') THEN
        RAISE EXCEPTION 'issued document % cannot be changed', OLD.number
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

TRIGGER = """
CREATE TRIGGER documents_issued_immutable
BEFORE UPDATE OR DELETE ON documents_issueddocument
FOR EACH ROW EXECUTE FUNCTION public.documents_refuse_issued_change();
"""


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0002_sellerprofile_issueddocument"),
    ]

    operations = [
        migrations.RunSQL(FUNCTION, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(TRIGGER,
                          reverse_sql="DROP TRIGGER documents_issued_immutable "
                                      "ON documents_issueddocument;"),
    ]
