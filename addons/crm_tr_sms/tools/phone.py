"""Turkish phone numbers: parsing, SMS eligibility and each provider's number format."""

import re

import phonenumbers

# An extension written after the number ("0212 123 45 67 dahili 12", "... ext. 12",
# "... x12") is the only place letters may stand in a phone number.
EXTENSION_RE = re.compile(r"\s*(?:ext(?:ension)?\.?|dahili|dah\.|x)\s*\d{1,6}\s*$", re.IGNORECASE)


def split_extension(number):
    """(number without its extension, extension digits or '')."""
    match = EXTENSION_RE.search(number or "")
    if not match:
        return number or "", ""
    return number[: match.start()], re.sub(r"\D", "", match.group(0))


def has_letters(number):
    """True when a number holds letters outside an extension marker.

    phonenumbers reads letters as keypad digits once a number holds three or more of them,
    so "0532 XXX XX XX" would become +905329999999, a real subscriber: such an entry is a
    mask or a placeholder, never a number to send to."""
    main, _extension = split_extension(number)
    return any(char.isalpha() for char in main)


def parse_phone(number, region="TR"):
    """Parsed number, or None when it cannot be read, is not a valid number or holds letters."""
    if not number or has_letters(number):
        return None
    number, _extension = split_extension(number)
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
    'missing', 'letters' (a mask or placeholder such as "0532 XXX XX XX"), 'invalid' or
    'not_mobile' (landline, 0850 VoIP, 444 UAN...)."""
    if not number:
        return False, "missing"
    if has_letters(number):
        return False, "letters"
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
