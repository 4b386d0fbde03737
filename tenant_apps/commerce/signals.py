"""What other apps hear about an order's money.

Sent by tenant_apps.payments inside the transaction that records the change, so a receiver's rows
(a receipt, an invoice, a credit note and their numbers) commit or roll back with it. Receivers
write rows only and schedule slow work (PDFs, e-mails) with ``schedule_on_commit``.

- ``order_paid``: the order's confirmed payments, minus refunds, now cover its total.
  Arguments: ``order`` (Order), ``payment`` (the payment that completed it).
- ``order_refunded``: a refund of ``amount`` (Decimal, gross, the order's currency) succeeded.
  Arguments: ``order``, ``refund`` (the payments Refund row), ``amount``.

``order_cancelled`` is sent by ``order_actions.transition_order`` inside the transaction that
cancels an order (argument ``order``): tenant_apps.payments closes the payment pages still open
for it once that transaction commits, so a cancelled order takes no more money.
"""

from django.dispatch import Signal

order_paid = Signal()
order_refunded = Signal()
order_cancelled = Signal()
