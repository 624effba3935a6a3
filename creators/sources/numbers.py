"""Reading numbers and times as sources write them: `13.8M`, `10.2K`, `78.9m`, `1,234`, `1.4e6`,
`16.60%`, epoch seconds or ISO 8601 (naive times are UTC). Exact: Decimal arithmetic, no floats."""

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

SUFFIXES = {"k": 10**3, "m": 10**6, "b": 10**9}


class NumberError(ValueError):
    pass


def parse_decimal(text) -> Decimal:
    """A number as a Decimal: suffixes K/M/B (any case), thousands commas, exponents."""
    if isinstance(text, bool):
        raise NumberError(_("not a number: %(value)r") % {"value": text})
    if isinstance(text, int | Decimal):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(repr(text))
    raw = str(text or "").strip().replace("\u00a0", "").replace(" ", "")
    if not raw:
        raise NumberError(_("empty"))
    multiplier = 1
    if raw[-1].lower() in SUFFIXES:
        multiplier = SUFFIXES[raw[-1].lower()]
        raw = raw[:-1]
    if "," in raw:
        groups = raw.split(",")
        if not all(len(g) == 3 and g.isdigit() for g in groups[1:]) or not groups[0]:
            raise NumberError(_("not a number: %(value)r") % {"value": text})
        raw = "".join(groups)
    try:
        value = Decimal(raw) * multiplier
    except InvalidOperation:
        raise NumberError(_("not a number: %(value)r") % {"value": text}) from None
    if not value.is_finite():
        raise NumberError(_("not a number: %(value)r") % {"value": text})
    return value


def parse_count(text) -> int:
    """A non-negative whole count (followers, views...)."""
    if isinstance(text, str) and text.isascii() and text.isdigit():
        return int(text)  # the usual case, read a million times in a big file: no Decimal
    value = parse_decimal(text)
    if value < 0:
        raise NumberError(_("a count cannot be negative: %(value)r") % {"value": text})
    if value != value.to_integral_value():
        raise NumberError(_("not a whole number: %(value)r") % {"value": text})
    return int(value)


def parse_fraction(text) -> Decimal:
    """A share as a fraction: `16.60%` → 0.166, `0.42` → 0.42."""
    raw = str(text).strip()
    if raw.endswith("%"):
        return parse_decimal(raw[:-1]) / 100
    return parse_decimal(raw)


def parse_time(text) -> datetime:
    """Epoch seconds (int or digits) or ISO 8601; a naive time is UTC. Returns aware UTC."""
    if isinstance(text, datetime):
        moment = text
    elif isinstance(text, int | float) or str(text).strip().isdigit():
        try:
            moment = datetime.fromtimestamp(int(text), tz=UTC)
        except (OverflowError, OSError, ValueError):
            raise NumberError(_("not a time: %(value)r") % {"value": text}) from None
    else:
        raw = str(text).strip().replace("Z", "+00:00")
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            raise NumberError(_("not a time: %(value)r") % {"value": text}) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
