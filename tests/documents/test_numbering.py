"""Numbering inside the test's transaction: series per tenant, kind and year, rollbacks,
chronology and refused input. Each test uses its own year."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django_tenants.utils import tenant_context

from tenant_apps.documents.errors import IssueDateBeforeLastIssued, NumberingError
from tenant_apps.documents.models import DocumentKind, DocumentSequence
from tenant_apps.documents.numbering import format_number, next_number, take_number

pytestmark = pytest.mark.django_db


class Failed(Exception):
    pass


def test_first_numbers_of_each_kind_have_their_own_letter_and_series(tenant_a):
    day = date(2030, 2, 1)
    with tenant_context(tenant_a):
        assert next_number("invoice", issued_on=day) == "F-2030-000001"
        assert next_number("receipt", issued_on=day) == "R-2030-000001"
        assert next_number("credit_note", issued_on=day) == "A-2030-000001"
        assert next_number("invoice", issued_on=day) == "F-2030-000002"
        assert next_number("credit_note", issued_on=day) == "A-2030-000002"


def test_each_tenant_numbers_from_one_in_its_own_schema(tenant_a, tenant_b):
    day = date(2031, 4, 1)
    with tenant_context(tenant_a):
        assert next_number("invoice", issued_on=day) == "F-2031-000001"
        assert next_number("invoice", issued_on=day) == "F-2031-000002"
    with tenant_context(tenant_b):
        assert next_number("invoice", issued_on=day) == "F-2031-000001"
        assert DocumentSequence.objects.get(kind="invoice", year=2031).last_number == 1
    with tenant_context(tenant_a):
        assert next_number("invoice", issued_on=day) == "F-2031-000003"


def test_each_year_has_its_own_series(tenant_a):
    with tenant_context(tenant_a):
        assert next_number("invoice", issued_on=date(2032, 12, 31)) == "F-2032-000001"
        assert next_number("invoice", issued_on=date(2033, 1, 1)) == "F-2033-000001"
        # a late document of the previous year continues that year's series
        assert next_number("invoice", issued_on=date(2032, 12, 31)) == "F-2032-000002"
        assert next_number("invoice", issued_on=date(2033, 1, 2)) == "F-2033-000002"


def test_a_rolled_back_savepoint_gives_the_number_back(tenant_a):
    day = date(2034, 3, 3)
    with tenant_context(tenant_a):
        assert next_number("credit_note", issued_on=day) == "A-2034-000001"
        with pytest.raises(Failed), transaction.atomic():
            assert next_number("credit_note", issued_on=day) == "A-2034-000002"
            raise Failed
        assert next_number("credit_note", issued_on=day) == "A-2034-000002"


def test_a_number_cannot_carry_a_date_before_the_last_issued_one(tenant_a):
    with tenant_context(tenant_a):
        assert next_number("invoice", issued_on=date(2035, 5, 10)) == "F-2035-000001"
        with pytest.raises(IssueDateBeforeLastIssued) as refused:
            next_number("invoice", issued_on=date(2035, 5, 9))
        assert (refused.value.field, refused.value.status) == ("issued_on", 409)
        # the refusal took nothing; the same day is fine
        assert next_number("invoice", issued_on=date(2035, 5, 10)) == "F-2035-000002"
        row = DocumentSequence.objects.get(kind="invoice", year=2035)
        assert (row.last_number, row.last_issued_on) == (2, date(2035, 5, 10))


def test_take_number_gives_the_parts_a_document_stores(tenant_a):
    with tenant_context(tenant_a):
        taken = take_number("receipt", issued_on=date(2036, 7, 1))
    assert (taken.kind, taken.year, taken.sequence) == (DocumentKind.RECEIPT, 2036, 1)
    assert str(taken) == "R-2036-000001"
    assert format_number(DocumentKind.INVOICE, 2036, 1_234_567) == "F-2036-1234567"


@pytest.mark.parametrize(("kind", "issued_on", "code"), [
    ("quote", date(2037, 1, 1), "unknown_document_kind"),
    ("", date(2037, 1, 1), "unknown_document_kind"),
    ("invoice", datetime(2037, 1, 1, 23, 30, tzinfo=ZoneInfo("Europe/Paris")),
     "invalid_issue_date"),
    ("invoice", "2037-01-01", "invalid_issue_date"),
    ("invoice", date(1999, 12, 31), "invalid_issue_date"),
])
def test_bad_input_is_refused_without_touching_a_counter(tenant_a, kind, issued_on, code):
    with tenant_context(tenant_a):
        with pytest.raises(NumberingError) as refused:
            next_number(kind, issued_on=issued_on)
        assert refused.value.code == code
        assert not DocumentSequence.objects.filter(year__in=[1999, 2037]).exists()


def test_numbering_is_refused_on_the_public_schema(db):
    with pytest.raises(NumberingError) as refused:
        next_number("invoice", issued_on=date(2038, 1, 1))
    assert refused.value.code == "numbering_needs_tenant"
