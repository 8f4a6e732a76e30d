"""URL converters shared by every app."""


class ObjectIdConverter:
    """A database id: 1 to 18 digits, so it always fits a 64-bit integer.

    Django's ``int`` converter accepts any number of digits; an id too large
    for the database would then fail deep in the query (SQLite raises
    OverflowError) and give a 500 instead of a 404.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
