"""Arabic dates the way each newsroom writes them (pure, no Django import).

Arab newsrooms name the Gregorian months differently: the Levant and Iraq use the
Syriac names (تشرين الثاني), Egypt and the Gulf the transliterated ones (نوفمبر),
the Maghreb its French-derived ones (نونبر). Many Levantine sites write both, as
the reference page does ("تشرين الثاني/ نوفمبر")::

    >>> from datetime import datetime
    >>> format_date(datetime(2013, 11, 5), style="both", digits="arabic")
    '٥ تشرين الثاني/نوفمبر ٢٠١٣'
    >>> format_date(datetime(2013, 11, 5), style="egyptian", digits="latin")
    '5 نوفمبر 2013'
"""

from datetime import date, datetime

LEVANTINE = (
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
)  # fmt: skip
EGYPTIAN = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)  # fmt: skip
MAGHREBI = (
    "يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو",
    "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر",
)  # fmt: skip

MONTH_STYLES = {"levantine": LEVANTINE, "egyptian": EGYPTIAN, "maghrebi": MAGHREBI}
STYLE_CHOICES = ("levantine", "egyptian", "maghrebi", "both")
DIGIT_CHOICES = ("arabic", "latin")

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def to_digits(text: str, digits: str) -> str:
    """Write the ASCII digits of ``text`` as Arabic-Indic (٠–٩) or leave them Latin."""
    if digits == "arabic":
        return text.translate(_ARABIC_INDIC)
    return text


def month_name(month: int, style: str) -> str:
    if style == "both":
        return f"{LEVANTINE[month - 1]}/{EGYPTIAN[month - 1]}"
    try:
        return MONTH_STYLES[style][month - 1]
    except KeyError:
        raise ValueError(f"Unknown month style {style!r}.") from None


def format_date(value: date, *, style: str = "both", digits: str = "arabic") -> str:
    text = f"{value.day} {month_name(value.month, style)} {value.year}"
    return to_digits(text, digits)


def format_datetime(
    value: datetime, *, style: str = "both", digits: str = "arabic"
) -> str:
    """Date and 24-hour time, e.g. '٥ تشرين الثاني/نوفمبر ٢٠١٣ - ١٤:٠٥'."""
    text = f"{format_date(value, style=style, digits='latin')} - {value:%H:%M}"
    return to_digits(text, digits)
