from datetime import datetime

import pytest

from khabar.core.dates import format_date, format_datetime, month_name, to_digits


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("levantine", "تشرين الثاني"),
        ("egyptian", "نوفمبر"),
        ("maghrebi", "نونبر"),
        ("both", "تشرين الثاني/نوفمبر"),
    ],
)
def test_month_styles(style, expected):
    assert month_name(11, style) == expected


def test_maghrebi_months_differ_where_they_should():
    assert [month_name(m, "maghrebi") for m in (5, 7, 8, 9, 12)] == [
        "ماي",
        "يوليوز",
        "غشت",
        "شتنبر",
        "دجنبر",
    ]


def test_digits():
    assert to_digits("2013-11-05", "arabic") == "٢٠١٣-١١-٠٥"
    assert to_digits("2013", "latin") == "2013"


def test_format_date_and_time():
    value = datetime(2013, 11, 5, 14, 5)  # noqa: DTZ001 - a wall-clock time
    assert (
        format_date(value, style="levantine", digits="latin") == "5 تشرين الثاني 2013"
    )
    assert (
        format_datetime(value, style="egyptian", digits="arabic")
        == "٥ نوفمبر ٢٠١٣ - ١٤:٠٥"
    )


def test_unknown_style_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown month style"):
        month_name(1, "klingon")
