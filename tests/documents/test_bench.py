"""The finalisation benchmark runs against a tenant and checks its own numbers."""

from datetime import date

import pytest

from bench.documents import measure_invoice_finalise
from tests.documents.helpers import remove_sequences, sequence_state
from tests.threads import on_own_connection

pytestmark = pytest.mark.django_db


def test_finalisation_benchmark_counts_gap_free_committed_numbers(tenant_a):
    day = date(2045, 9, 1)
    on_own_connection(remove_sequences, tenant_a, day.year)
    try:
        figures = on_own_connection(lambda: measure_invoice_finalise(
            tenant_a, threads=3, seconds=0.5, issued_on=day))

        assert (figures["errors"], figures["duplicates"], figures["gap_free"]) == (0, 0, True)
        assert figures["finalised"] > 0 and figures["finalise_per_s"] > 0
        # the single-thread warm-up and the concurrent run share the series
        last = on_own_connection(sequence_state, tenant_a, day.year)["invoice"]
        assert last >= figures["finalised"]
    finally:
        on_own_connection(remove_sequences, tenant_a, day.year)
