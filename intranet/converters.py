"""URL converters shared by Guild's apps."""


class IdConverter:
    """A database id: digits that fit a 64-bit integer, so a huge number is a 404, not a 500."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


def parse_id(text):
    """A database id from a query parameter or form value, or None for anything else.

    `str.isdigit()` is not enough: it accepts digits like "²" that `int()` refuses.
    """
    text = text or ""
    if not (text.isascii() and text.isdigit() and 0 < len(text) <= 18):
        return None
    return int(text)
