"""Country names as sources write them, mapped to ISO 3166-1 alpha-2 (SPEC §9).

The list is django-countries' (all 249 codes, English and French names); we add only the
informal names real exports use ("U.S.A", "UK", "England"). An unknown name is a row error,
never a guess.
"""

import unicodedata

from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

# Informal names seen in exports, which no official list carries (compared case-folded,
# without dots).
ALIASES = {
    "usa": "US",
    "us of a": "US",
    "united states": "US",
    "america": "US",
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "holland": "NL",
    "the netherlands": "NL",
    "czech republic": "CZ",
    "south korea": "KR",
    "korea": "KR",
    "north korea": "KP",
    "russia": "RU",
    "vietnam": "VN",
    "uae": "AE",
    "emirates": "AE",
    "ivory coast": "CI",
    "etats-unis": "US",
    "turkey": "TR",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "macedonia": "MK",
    "palestine": "PS",
    "taiwan": "TW",
    "vatican": "VA",
    "micronesia": "FM",
    "congo": "CG",
    "drc": "CD",
    "dr congo": "CD",
    "swaziland": "SZ",
    "burma": "MM",
    "cape verde": "CV",
    "east timor": "TL",
}


def _folded(text: str) -> str:
    """Case, accents, dots and apostrophes do not count: "Côte d'Ivoire" = "cote divoire"."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(plain.replace(".", "").replace("'", "").replace("’", "").casefold().split())


def _names() -> dict[str, str]:
    """Every English and French name (and the common alternatives) → code, case-folded."""
    table: dict[str, str] = {}
    for language in ("en", "fr"):
        with translation.override(language):
            for code, name in countries:
                table[_folded(str(name))] = code
    table.update(ALIASES)
    return table


_TABLE: dict[str, str] | None = None


def country_code(text: str) -> str:
    """'France', 'FR', 'fra', 'Allemagne', 'U.S.A' → the alpha-2 code; ValueError otherwise."""
    global _TABLE
    raw = (text or "").strip()
    code = countries.alpha2(raw) if raw else ""
    if code:
        return code
    if _TABLE is None:
        _TABLE = _names()
    code = _TABLE.get(_folded(raw), "")
    if not code:
        raise ValueError(_("unknown country: %(value)r") % {"value": text})
    return code
