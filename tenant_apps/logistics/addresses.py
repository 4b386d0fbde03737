"""Who sends a parcel and who receives it: the customer on one side, the store on the other.

The store's side is the tenant's repair centre: its seller identity (documents' SellerProfile,
the brand's address filling the blanks). The customer's side is their default delivery address
(else their first one); a customer without any address gets a label with blank lines to fill in.
"""

from dataclasses import dataclass

from tenant_apps.commerce.order_models import Order
from tenant_apps.customers.models import Address, Customer
from tenant_apps.documents.seller import seller_snapshot

from .models import Direction, Shipment


@dataclass(frozen=True)
class Party:
    name: str
    street: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = ""
    attention: str = ""  # a second line: "Repair centre", a contact name
    email: str = ""
    phone: str = ""

    @property
    def has_address(self) -> bool:
        return bool(self.street and self.city)


def repair_centre() -> Party:
    seller = seller_snapshot()
    return Party(name=seller["display_name"] or seller["legal_name"], attention="Repair centre",
                 street=seller["street"], postal_code=seller["postal_code"],
                 city=seller["city"], country=seller["country"], email=seller["email"],
                 phone=seller["phone"])


def _customer_address(customer: Customer) -> Address | None:
    addresses = list(customer.addresses.all())  # default delivery first (the model's ordering)
    return addresses[0] if addresses else None


def customer_party(customer: Customer) -> Party:
    address = _customer_address(customer)
    name = customer.company_name or customer.name or customer.email
    if address is None:
        return Party(name=name, email=customer.email)
    attention = address.recipient_name if address.recipient_name not in ("", name) else ""
    return Party(name=name, attention=attention, street=address.street,
                 postal_code=address.postal_code, city=address.city, country=address.country,
                 email=customer.email, phone=address.phone)


def _order_party(order: Order) -> Party:
    return Party(name=order.delivery_name or order.customer_name or order.email,
                 street=order.delivery_street, postal_code=order.delivery_postal_code,
                 city=order.delivery_city, country=order.delivery_country, email=order.email,
                 phone=order.delivery_phone)


def parties(shipment: Shipment) -> tuple[Party, Party]:
    """(sender, recipient) of the parcel, following its direction."""
    if shipment.repair_order is not None:
        customer = customer_party(shipment.repair_order.customer)
    elif shipment.order is not None:
        customer = _order_party(shipment.order)
    else:
        customer = Party(name="")
    store = repair_centre()
    if shipment.direction == Direction.INBOUND:
        return customer, store
    return store, customer
