"""Country names as sources write them, mapped to ISO 3166 alpha-2 (SPEC §9). An unknown name is a
row error, never a guess."""

from django.utils.translation import gettext as _

ISO_CODES = {
    "US", "GB", "FR", "DE", "ES", "IT", "PT", "NL", "BE", "CH", "AT", "IE", "SE", "NO", "DK", "FI",
    "PL", "CZ", "GR", "TR", "RU", "UA", "IN", "PK", "BD", "ID", "PH", "VN", "TH", "MY", "SG", "JP",
    "KR", "CN", "TW", "HK", "AU", "NZ", "CA", "MX", "BR", "AR", "CO", "CL", "PE", "VE", "ZA", "NG",
    "GH", "KE", "EG", "MA", "DZ", "TN", "SA", "AE", "QA", "KW", "IL", "JO", "LB", "IR", "IQ", "RO",
    "HU", "BG", "RS", "HR", "SK", "SI", "LT", "LV", "EE", "BY", "KZ", "DO", "PR", "PA", "CR", "GT",
    "EC", "BO", "UY", "PY", "JM", "TT", "LK", "NP", "MM", "KH", "AW", "IS", "LU", "MT", "CY",
    "AL", "MK", "BA", "ME", "MD", "GE", "AM", "AZ", "UZ", "MN", "LA", "BH", "OM", "YE", "SY",
    "LY", "SD", "ET", "TZ", "UG", "RW", "SN", "CI", "CM", "AO", "ZW", "ZM", "MZ", "NA", "BW",
    "HN", "SV", "NI", "CU", "HT", "BS", "BB", "FJ", "PG",
}  # fmt: skip

NAMES = {
    "usa": "US", "u.s.a": "US", "u.s.a.": "US", "u.s.": "US", "us": "US",
    "united states": "US", "united states of america": "US", "america": "US",
    "uk": "GB", "u.k.": "GB", "u.k": "GB", "united kingdom": "GB", "great britain": "GB",
    "england": "GB", "scotland": "GB", "wales": "GB",
    "france": "FR", "germany": "DE", "spain": "ES", "italy": "IT", "portugal": "PT",
    "netherlands": "NL", "the netherlands": "NL", "holland": "NL", "belgium": "BE",
    "switzerland": "CH", "austria": "AT", "ireland": "IE", "sweden": "SE", "norway": "NO",
    "denmark": "DK", "finland": "FI", "poland": "PL", "czech republic": "CZ", "czechia": "CZ",
    "greece": "GR", "turkey": "TR", "türkiye": "TR", "russia": "RU", "ukraine": "UA",
    "india": "IN", "pakistan": "PK", "bangladesh": "BD", "indonesia": "ID",
    "philippines": "PH", "vietnam": "VN", "thailand": "TH", "malaysia": "MY",
    "singapore": "SG", "japan": "JP", "south korea": "KR", "korea": "KR", "china": "CN",
    "taiwan": "TW", "hong kong": "HK", "australia": "AU", "new zealand": "NZ",
    "canada": "CA", "mexico": "MX", "brazil": "BR", "argentina": "AR", "colombia": "CO",
    "chile": "CL", "peru": "PE", "venezuela": "VE", "south africa": "ZA", "nigeria": "NG",
    "ghana": "GH", "kenya": "KE", "egypt": "EG", "morocco": "MA", "algeria": "DZ",
    "tunisia": "TN", "saudi arabia": "SA", "united arab emirates": "AE", "uae": "AE",
    "qatar": "QA", "kuwait": "KW", "israel": "IL", "jordan": "JO", "lebanon": "LB",
    "iran": "IR", "iraq": "IQ", "romania": "RO", "hungary": "HU", "bulgaria": "BG",
    "serbia": "RS", "croatia": "HR", "slovakia": "SK", "slovenia": "SI",
    "dominican republic": "DO", "puerto rico": "PR", "panama": "PA", "costa rica": "CR",
    "guatemala": "GT", "ecuador": "EC", "bolivia": "BO", "uruguay": "UY", "paraguay": "PY",
    "jamaica": "JM", "sri lanka": "LK", "nepal": "NP", "aruba": "AW", "iceland": "IS",
    "u.a.e.": "AE", "u.a.e": "AE", "luxembourg": "LU", "malta": "MT", "cyprus": "CY",
    "albania": "AL", "georgia": "GE", "armenia": "AM", "kazakhstan": "KZ", "oman": "OM",
    "bahrain": "BH", "ethiopia": "ET", "tanzania": "TZ", "uganda": "UG", "senegal": "SN",
    "cameroon": "CM", "honduras": "HN", "el salvador": "SV", "nicaragua": "NI", "cuba": "CU",
    "haiti": "HT", "bahamas": "BS", "barbados": "BB", "trinidad and tobago": "TT",
    "myanmar": "MM", "cambodia": "KH", "mongolia": "MN",
}  # fmt: skip


def country_code(name: str) -> str:
    """ISO alpha-2 for a name or code; ValueError for anything else."""
    raw = (name or "").strip()
    if len(raw) == 2 and raw.upper() in ISO_CODES:
        return raw.upper()
    code = NAMES.get(raw.casefold())
    if code is None:
        raise ValueError(_("unknown country %(name)r") % {"name": name})
    return code
