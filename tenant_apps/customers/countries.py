"""Country codes and the EU member states: the one place that says which country is in the EU."""


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ISO 3166-1 alpha-2, officially assigned codes.
ISO_COUNTRY_CODES = _codes("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""")

# The 27 member states of the European Union, by ISO code (Greece is GR here, EL in VAT numbers).
EU_MEMBER_STATES = _codes("""
AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK
""")

HOME_COUNTRY = "FR"

# VAT number prefixes that differ from the ISO code of their country.
VAT_PREFIX_COUNTRY = {"EL": "GR", "XI": "GB"}


def is_country_code(value: str) -> bool:
    return value in ISO_COUNTRY_CODES


def is_other_member_state(country: str) -> bool:
    """An EU member state other than France, where the seller is established."""
    return country in EU_MEMBER_STATES and country != HOME_COUNTRY


def country_of_vat_prefix(prefix: str) -> str:
    return VAT_PREFIX_COUNTRY.get(prefix, prefix)
