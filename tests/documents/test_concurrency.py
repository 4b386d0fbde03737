"""Concurrent finalisations, each a transaction of its own on its own connection, committed.

Each test works in a year no other test uses and deletes its counter rows before and after.
"""

from datetime import date
from functools import partial

import pytest
from django_tenants.utils import tenant_context

from tenant_apps.documents.errors import NumberingError
from tenant_apps.documents.numbering import next_number
from tests.documents.helpers import (
    issue_number_for_test,
    numbers,
    remove_sequences,
    run_together,
    sequence_state,
)
from tests.threads import on_own_connection

pytestmark = pytest.mark.django_db

FINALISATIONS = 50
# Every fifth finalisation fails after taking its number, as a document that cannot be saved.
ROLLED_BACK = frozenset(range(0, FINALISATIONS, 5))


def test_fifty_concurrent_finalisations_number_the_committed_ones_without_gap(tenant_a):
    # given no invoice series yet for 2041: the threads also race to create it
    day = date(2041, 3, 14)
    on_own_connection(remove_sequences, tenant_a, day.year)
    try:
        # when 50 finalisations run at once, some rolling back after taking a number
        results = run_together([
            partial(issue_number_for_test, tenant_a, "invoice", day,
                    roll_back=index in ROLLED_BACK, hold_seconds=0.005)
            for index in range(FINALISATIONS)])

        # then the committed ones hold exactly 1..40, once each
        assert [r for r in results if isinstance(r, BaseException)] == []
        committed = [number for number, kept in results if kept]
        returned = [number for number, kept in results if not kept]
        assert len(returned) == len(ROLLED_BACK)
        assert sorted(committed) == numbers("F", 2041, FINALISATIONS - len(ROLLED_BACK))
        # and every number a rolled-back finalisation took went to a committed one, unless it
        # was the last taken, with no finalisation after it
        assert set(returned) <= {*committed, "F-2041-000041"}
        assert on_own_connection(sequence_state, tenant_a, day.year) == {"invoice": 40}
    finally:
        on_own_connection(remove_sequences, tenant_a, day.year)


def test_concurrent_finalisations_of_two_tenants_each_number_from_one(tenant_a, tenant_b):
    # given two tenants finalising invoices of the same year at the same moment
    day = date(2042, 6, 1)
    for tenant in (tenant_a, tenant_b):
        on_own_connection(remove_sequences, tenant, day.year)
    try:
        tenants = [tenant_a, tenant_b] * 12
        # when 24 finalisations run at once, alternating tenants, three of each rolling back
        results = run_together([
            partial(issue_number_for_test, tenant, "invoice", day,
                    roll_back=index % 8 in (0, 3), hold_seconds=0.005)
            for index, tenant in enumerate(tenants)])

        # then each tenant's committed numbers run from 1 without gap, whatever the other did
        assert [r for r in results if isinstance(r, BaseException)] == []
        for tenant in (tenant_a, tenant_b):
            kept = [number for (number, committed), owner in zip(results, tenants, strict=True)
                    if committed and owner == tenant]
            assert sorted(kept) == numbers("F", 2042, 9)
            assert on_own_connection(sequence_state, tenant, day.year) == {"invoice": 9}
    finally:
        for tenant in (tenant_a, tenant_b):
            on_own_connection(remove_sequences, tenant, day.year)


def test_a_rolled_back_finalisation_gives_its_number_to_the_next(tenant_a):
    day = date(2043, 1, 2)
    on_own_connection(remove_sequences, tenant_a, day.year)
    try:
        first = on_own_connection(issue_number_for_test, tenant_a, "receipt", day)
        failed = on_own_connection(partial(issue_number_for_test, tenant_a, "receipt", day,
                                           roll_back=True))
        after = on_own_connection(issue_number_for_test, tenant_a, "receipt", day)

        assert first == ("R-2043-000001", True)
        assert failed == ("R-2043-000002", False)
        assert after == ("R-2043-000002", True)
        assert on_own_connection(sequence_state, tenant_a, day.year) == {"receipt": 2}
    finally:
        on_own_connection(remove_sequences, tenant_a, day.year)


def test_a_number_is_refused_outside_a_transaction(tenant_a):
    # given a connection in autocommit, where a lock would end with the statement
    day = date(2044, 5, 5)

    def take_without_transaction():
        with tenant_context(tenant_a):
            return next_number("invoice", issued_on=day)

    # when / then: refused, and no counter was created or moved
    with pytest.raises(NumberingError) as refused:
        on_own_connection(take_without_transaction)
    assert refused.value.code == "numbering_needs_transaction"
    assert on_own_connection(sequence_state, tenant_a, day.year) == {}
