"""What other code hears about a repair order.

``repair_status_changed`` is sent by ``actions.move_locked`` inside the transaction that moves
the order (every move goes through it: staff, quotes, payments, carriers). Arguments:
``repair`` (the RepairOrder, already saved with its new status), ``from_status``, ``to_status``,
``actor_email``. Receivers write rows only and schedule e-mails/SMS with ``schedule_on_commit``.
"""

from django.dispatch import Signal

repair_status_changed = Signal()
