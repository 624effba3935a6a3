"""The benchmark world's shape and names, without Django: the generator, the harness targets and
the locust journeys (which run outside Django) all use these."""

from dataclasses import dataclass

# Everyone the generator creates signs in with this password (one hash computed once).
PASSWORD = "bench-password-2026"
EMAIL_DOMAIN = "bench.example"


@dataclass(frozen=True)
class Scale:
    agencies: int
    creators: int
    largest: int  # creators in the largest agency (agency-00)
    brands: int
    campaigns: int
    offers: int
    videos: int  # per creator
    days: int  # daily follower snapshots per creator
    managers_largest: int
    managers: int


SCALES = {
    "small": Scale(
        agencies=3,
        creators=300,
        largest=150,
        brands=20,
        campaigns=60,
        offers=3000,
        videos=40,
        days=180,
        managers_largest=4,
        managers=2,
    ),
    "large": Scale(
        agencies=50,
        creators=20_000,
        largest=2_000,
        brands=1_000,
        campaigns=5_000,
        offers=200_000,
        videos=100,
        days=180,
        managers_largest=20,
        managers=3,
    ),
}


def agency_slug(i: int) -> str:
    return f"agency-{i:02d}"


def brand_slug(j: int) -> str:
    return f"brand-{j:04d}"


def owner_email(slug: str) -> str:
    return f"owner@{slug}.{EMAIL_DOMAIN}"


def creator_handle(k: int) -> str:
    return f"creator{k:05d}"


def creator_email(k: int) -> str:
    return f"{creator_handle(k)}@{EMAIL_DOMAIN}"
