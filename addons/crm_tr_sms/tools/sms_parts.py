"""How many SMS parts a text costs, the way Turkish operators bill it.

GSM-7: 160 characters in one part, 153 per part beyond. The Turkish alphabet (switched on
only by Ş ş Ğ ğ ç ı İ): 155, then 149 per part. Anything else needs UCS-2: 70, then 67.
In GSM-7 and Turkish, ^ { } \\ [ ] ~ | € take two characters (escape + character).
Source: Verimor's published SMS length table, the most precise public statement of these limits.
"""

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€")
TURKISH_SHIFT = set("ŞşĞğçıİ")

ENCODINGS = ("gsm7", "turkish", "ucs2")  # from the cheapest alphabet to the dearest

LIMITS = {
    # encoding: (one part, each part of a longer message)
    "gsm7": (160, 153),
    "turkish": (155, 149),
    "ucs2": (70, 67),
}


def sms_encoding(text):
    chars = set(text or "")
    if chars <= GSM7_BASIC | GSM7_EXTENDED:
        return "gsm7"
    if chars <= GSM7_BASIC | GSM7_EXTENDED | TURKISH_SHIFT:
        return "turkish"
    return "ucs2"


def sms_units(text, encoding=None):
    """Characters as the network counts them: escaped characters twice in 7-bit modes,
    characters outside the Basic Multilingual Plane (emoji) twice in UCS-2."""
    text = text or ""
    encoding = encoding or sms_encoding(text)
    if encoding == "ucs2":
        return sum(2 if ord(char) > 0xFFFF else 1 for char in text)
    return sum(2 if char in GSM7_EXTENDED else 1 for char in text)


def sms_parts(text):
    """(encoding, units, parts) of a message text; an empty text costs 0 parts."""
    encoding = sms_encoding(text)
    units = sms_units(text, encoding)
    single, multi = LIMITS[encoding]
    if units == 0:
        parts = 0
    elif units <= single:
        parts = 1
    else:
        parts = -(-units // multi)
    return encoding, units, parts
