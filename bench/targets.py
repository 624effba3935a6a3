"""What `make bench` measures: one declarative list. Each target names who signs in and how its
path is found in the generated data (`Context` resolves the ids once per run).

To add a target, append a `Target`; the harness, the JSON and the Markdown table follow.
"""

from dataclasses import dataclass
from functools import cached_property

from bench.generate import agency_slug, brand_slug, creator_email, owner_email

# Who signs in for a target. "token" personas (the API) send `Authorization: Bearer <token>`
# from `talentdesk token create EMAIL --scope read` instead of a session cookie.
PERSONAS = {
    "agency_owner": owner_email(agency_slug(0)),  # the owner of the largest agency
    "brand": owner_email(brand_slug(0)),
    "creator": creator_email(0),
}


@dataclass(frozen=True)
class Target:
    name: str
    persona: str  # a key of PERSONAS
    path: str  # formatted with the Context's attributes, e.g. "/offers/{offer_5}/"
    api: bool = False  # True: token authentication instead of the session (see PERSONAS)


TARGETS = [
    Target("roster sorted by engagement rate", "agency_owner", "/agency/roster/?sort=-engagement"),
    Target("creator page", "agency_owner", "/creator/{largest_creator}/"),
    Target("offer tabs with counts (agency-wide)", "agency_owner", "/offers/?tab=pending"),
    Target("offer with 5 terms versions", "agency_owner", "/offers/{offer_5}/"),
    Target("needs your response inbox", "agency_owner", "/notifications/inbox/"),
    Target("offer tabs with counts (brand)", "brand", "/offers/?tab=active"),
    Target("needs your response inbox (creator)", "creator", "/notifications/inbox/"),
    Target("earnings by creator (agency-wide)", "agency_owner", "/earnings/"),
    # The API: a read token from `talentdesk token create EMAIL --scope read`, sent as
    # `Authorization: Bearer <token>`.
    Target("API list of offers", "agency_owner", "/api/v1/offers", api=True),
    Target(
        "API creator metrics",
        "agency_owner",
        "/api/v1/creators/{largest_creator}/metrics",
        api=True,
    ),
]


class Context:
    """The ids the target paths need, looked up in the generated data."""

    @cached_property
    def largest_creator(self) -> str:
        """The largest agency's creator with the most followers."""
        from access.models import Representation

        return str(
            Representation.objects.filter(agency__slug=agency_slug(0), status="active")
            .order_by("-creator__followers")
            .values_list("creator__public_id", flat=True)
            .first()
        )

    @cached_property
    def offer_5(self) -> str:
        """A pending offer with 5 terms versions to a creator of the largest agency."""
        from campaigns.models import Offer

        offer = (
            Offer.objects.filter(
                version=5,
                status="countered_by_brand",
                creator__representations__agency__slug=agency_slug(0),
                creator__representations__status="active",
            )
            .order_by("pk")
            .values_list("public_id", flat=True)
            .first()
        )
        return str(offer)

    def path(self, target: Target) -> str:
        names = {"largest_creator", "offer_5"}
        return target.path.format(**{n: getattr(self, n) for n in names if "{" + n in target.path})
