"""Turkish phone numbers: parsing, SMS eligibility and each provider's number format."""

import phonenumbers

TURKISH_LETTERS = set("ŞşĞğçıİ")  # only these switch providers to the Turkish alphabet


def parse_phone(number, region="TR"):
    """Parsed number, or None when it cannot be read or is not a valid number."""
    if not number:
        return None
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


def normalize_tr_phone(number):
    """E.164 form of a number (Turkey being the default region), or False."""
    parsed = parse_phone(number)
    if not parsed:
        return False
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def sms_eligibility(number):
    """(E.164 number, False) when the number can receive an SMS, else (False, reason code):
    'missing', 'invalid' or 'not_mobile' (landline, 0850 VoIP, 444 UAN...)."""
    if not number:
        return False, "missing"
    parsed = parse_phone(number)
    if not parsed:
        return False, "invalid"
    kind = phonenumbers.number_type(parsed)
    if kind not in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        return False, "not_mobile"
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), False


def provider_number(number, provider):
    """The number as the provider wants it, or False when that provider cannot take it.

    NetGSM REST v2: 5XXXXXXXXX (10 digits); Verimor and İleti Merkezi: 905XXXXXXXXX."""
    e164, _reason = sms_eligibility(number)
    if not e164 or not e164.startswith("+90"):
        return False
    if provider == "netgsm":
        return e164[3:]
    return e164[1:]


def has_turkish_letters(text):
    return any(char in TURKISH_LETTERS for char in text or "")
