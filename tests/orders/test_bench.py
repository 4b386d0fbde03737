"""The orders benchmark measures a real list page: equal statement counts for 10 and 1,000."""

import pytest

from bench.orders import measure_order_list_queries

pytestmark = pytest.mark.django_db


def test_the_benchmark_counts_the_same_queries_for_10_and_1000_orders(tenant_b):
    figures = measure_order_list_queries(tenant_b)
    assert set(figures) == {"list_queries_10", "list_queries_1000"}
    assert figures["list_queries_10"] == figures["list_queries_1000"] > 0
