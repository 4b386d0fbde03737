"""The documents app's answers to money events (connected in ``DocumentsConfig.ready``).

Both run inside the payments transaction that sends the signal: the document and its number
commit or roll back with the payment; PDFs and e-mails follow after commit.
"""

from decimal import Decimal
from typing import Any

from tenant_apps.commerce.order_models import Order

from .actions import issue_credit_note, issue_sale_document


def issue_document_on_paid(sender: object, *, order: Order, payment: Any = None,
                           **kwargs: Any) -> None:
    issue_sale_document(order)


def issue_credit_note_on_refund(sender: object, *, order: Order, amount: Decimal,
                                refund: Any = None, **kwargs: Any) -> None:
    reference = str(refund.pk) if getattr(refund, "pk", None) is not None else ""
    # The money has already gone back: a refund above what the document still carries (an
    # overpayment given back) must not roll the refund's record back with it.
    issue_credit_note(order, amount, refund_reference=reference, up_to_remaining=True)
