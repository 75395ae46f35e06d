/**
 * SMS part counting as Turkish operators bill it; the same rules as tools/sms_parts.py.
 * GSM-7 160/153, Turkish alphabet (only Ş ş Ğ ğ ç ı İ switch to it) 155/149, UCS-2 70/67;
 * ^ { } \ [ ] ~ | € count twice in the 7-bit modes.
 */
const GSM7_BASIC = new Set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
);
const GSM7_EXTENDED = new Set("^{}\\[~]|€");
const TURKISH_SHIFT = new Set("ŞşĞğçıİ");

export const SMS_LIMITS = {
    GSM7: [160, 153],
    TURKISH: [155, 149],
    UNICODE: [70, 67],
};

export function smsEncoding(text) {
    let turkish = false;
    for (const char of text || "") {
        if (GSM7_BASIC.has(char) || GSM7_EXTENDED.has(char)) {
            continue;
        }
        if (TURKISH_SHIFT.has(char)) {
            turkish = true;
            continue;
        }
        return "UNICODE";
    }
    return turkish ? "TURKISH" : "GSM7";
}

export function smsUnits(text, encoding = smsEncoding(text)) {
    let units = 0;
    for (const char of text || "") {
        if (encoding === "UNICODE") {
            units += char.codePointAt(0) > 0xffff ? 2 : 1;
        } else {
            units += GSM7_EXTENDED.has(char) ? 2 : 1;
        }
    }
    return units;
}

export function smsParts(units, encoding) {
    const [single, multi] = SMS_LIMITS[encoding];
    if (!units) {
        return 0;
    }
    return units <= single ? 1 : Math.ceil(units / multi);
}

export function smsCapacity(parts, encoding) {
    const [single, multi] = SMS_LIMITS[encoding];
    return parts <= 1 ? single : parts * multi;
}
