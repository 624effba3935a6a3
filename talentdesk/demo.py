"""The demo data: deterministic, realistic, and the base every later feature extends.

Everything goes through the business actions, so the audit log tells the same story as the data.
The same call always produces the same people, organisations, handles and relations.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from access import actions as access_actions
from access.hats import roles_for
from access.models import AuditEvent, AuditHead, Representation, SecurityEvent
from accounts.models import Invitation, User
from agencies.actions import create_agency
from agencies.models import Agency, AgencyMembership, AgencyRole
from brands.actions import create_brand
from brands.models import Brand, BrandMembership, BrandRole
from creators.actions import create_creator_profile, verify_handle
from creators.categories import CATEGORIES
from creators.models import Category, CreatorProfile
from talentdesk import demo_insights, demo_money, demo_offers

PASSWORD = "demo-pass-2026"
SEED = 2026


@dataclass(frozen=True)
class Login:
    email: str
    what: str


LOGINS = [
    Login("owner@northstar.example", "Northstar Talent — owner"),
    Login("manager@northstar.example", "Northstar Talent — manager"),
    Login("manager2@northstar.example", "Northstar Talent — manager"),
    Login("assistant@northstar.example", "Northstar Talent — assistant"),
    Login("owner@lumen.example", "Lumen Creators — owner"),
    Login("manager@lumen.example", "Lumen Creators — manager"),
    Login("creator@creators.example", "creator @mayamoves, represented by Northstar"),
    Login("creator2@creators.example", "creator @leo.eats, represented by Lumen"),
    Login("brand@glowskin.example", "brand GlowSkin (beauty)"),
    Login("brand@voltbikes.example", "brand Volt Bikes (mobility)"),
]

# (handle, display name, country, categories, languages)
CREATORS = [
    ("mayamoves", "Maya Okafor", "GB", ["dance", "fitness"], ["en"]),
    ("chloecooks", "Chloé Bernard", "FR", ["food", "lifestyle"], ["fr"]),
    ("jaydenlifts", "Jayden Brooks", "US", ["fitness", "sports"], ["en"]),
    ("sofiaglow", "Sofia Rossi", "IT", ["beauty"], ["it", "en"]),
    ("techwithtariq", "Tariq Haddad", "AE", ["tech"], ["en", "ar"]),
    ("ninapaints", "Nina Kowalski", "PL", ["art"], ["en"]),
    ("pedalpete", "Pete Lindqvist", "SE", ["mobility", "sports"], ["en"]),
    ("amaraskin", "Amara Diallo", "FR", ["beauty", "lifestyle"], ["fr", "en"]),
    ("gamergrace", "Grace Liu", "CA", ["gaming"], ["en"]),
    ("budgetbenny", "Benjamin Cole", "US", ["finance", "education"], ["en"]),
    ("wanderwill", "Will Hart", "AU", ["travel"], ["en"]),
    ("petsofpaula", "Paula Mendes", "PT", ["pets", "family"], ["pt", "en"]),
    ("zoestyles", "Zoé Laurent", "BE", ["fashion"], ["fr", "nl"]),
    ("marcusmakes", "Marcus Webb", "GB", ["home", "art"], ["en"]),
    ("yogawithyara", "Yara Nassar", "LB", ["fitness", "lifestyle"], ["en", "ar"]),
    ("dj.kofi", "Kofi Mensah", "GH", ["music", "dance"], ["en"]),
    ("laughswithlars", "Lars Jensen", "DK", ["comedy"], ["en"]),
    ("minimalmei", "Mei Tanaka", "JP", ["home", "lifestyle"], ["en"]),
    ("ruby.runs", "Ruby Adeyemi", "NG", ["sports", "fitness"], ["en"]),
    ("carlacouture", "Carla Vidal", "ES", ["fashion", "beauty"], ["es", "en"]),
    ("dadjokesdan", "Dan Murphy", "IE", ["comedy", "family"], ["en"]),
    ("evbyelena", "Elena Petrova", "DE", ["mobility", "tech"], ["de", "en"]),
    ("plantbasedpri", "Priya Sharma", "GB", ["food", "wellness"], ["en"]),
    ("hugohikes", "Hugo Martin", "FR", ["travel", "sports"], ["fr"]),
    ("isla.reads", "Isla Campbell", "GB", ["education", "lifestyle"], ["en"]),
    ("skaterkai", "Kai Nakamura", "US", ["sports"], ["en"]),
    ("glamwithgabi", "Gabriela Souza", "BR", ["beauty"], ["pt"]),
    ("codewithcora", "Cora Fischer", "DE", ["tech", "education"], ["de", "en"]),
    ("fitfam.fred", "Frederik Visser", "NL", ["fitness", "family"], ["nl", "en"]),
    ("streetsnacksam", "Sam Okoro", "GB", ["food", "travel"], ["en"]),
    ("luna.loops", "Luna García", "MX", ["music"], ["es"]),
    ("noahnomad", "Noah Becker", "AT", ["travel"], ["de", "en"]),
    # Lumen Creators' roster
    ("leo.eats", "Léo Marchand", "FR", ["food"], ["fr", "en"]),
    ("emmaeditorial", "Emma Dubois", "FR", ["fashion"], ["fr", "en"]),
    ("bakingwithbea", "Beatriz Lopes", "PT", ["food"], ["pt"]),
    ("thegymgeek", "Oliver Grant", "GB", ["fitness", "tech"], ["en"]),
    ("skincaresana", "Sana Qureshi", "CA", ["beauty"], ["en"]),
    ("retrorigs", "Felix Braun", "DE", ["gaming", "tech"], ["de"]),
    ("mamamilou", "Milou Janssen", "NL", ["family"], ["nl"]),
    ("kitchenkenji", "Kenji Mori", "JP", ["food"], ["en"]),
    ("surfwithsol", "Sol Ramírez", "ES", ["sports", "travel"], ["es"]),
    ("vintagevik", "Viktor Novak", "CZ", ["fashion", "art"], ["en"]),
    ("moneymaya.fr", "Maya Lefèvre", "FR", ["finance"], ["fr"]),
    ("catcafeclara", "Clara Weiss", "CH", ["pets"], ["de", "fr"]),
    # Independent creators (one asked Lumen, one was asked by Northstar)
    ("inkbyines", "Inès Moreau", "FR", ["art"], ["fr"]),
    ("nomadnoor", "Noor Haddad", "JO", ["travel", "lifestyle"], ["en", "ar"]),
    ("tinytinyhomes", "Aiden Walsh", "IE", ["home"], ["en"]),
    ("ollieoutdoors", "Olivia Berg", "NO", ["sports", "travel"], ["en"]),
    ("scootersuzy", "Suzy Park", "KR", ["mobility"], ["en"]),
    ("glowupgwen", "Gwen Taylor", "US", ["beauty", "fashion"], ["en"]),
]
NORTHSTAR_COUNT = 32  # the first 32 creators above
LUMEN_COUNT = 12  # the next 12

BRANDS = [
    ("GlowSkin", "beauty", "FR", "brand@glowskin.example", "Camille Roux"),
    ("Volt Bikes", "mobility", "NL", "brand@voltbikes.example", "Ruben de Vries"),
    ("Oatly Mornings", "food", "SE", "team@oatlymornings.example", "Astrid Nilsson"),
    ("PixelForge Games", "gaming", "US", "team@pixelforge.example", "Dana Kim"),
    ("Trailhead Outdoor", "sports", "CA", "team@trailhead.example", "Owen Fraser"),
    ("Maison Lumière", "fashion", "FR", "team@maisonlumiere.example", "Hélène Girard"),
    ("PennyWise Bank", "finance", "GB", "team@pennywise.example", "Arjun Patel"),
    ("Purrfect Pets", "pets", "DE", "team@purrfect.example", "Lena Vogel"),
    ("Nomad Air", "travel", "AE", "team@nomadair.example", "Rami Aziz"),
]

STAFF = {
    "Northstar Talent": [
        ("owner@northstar.example", "Hannah Reyes", AgencyRole.OWNER),
        ("manager@northstar.example", "Marco Bianchi", AgencyRole.MANAGER),
        ("manager2@northstar.example", "Aisha Khan", AgencyRole.MANAGER),
        ("assistant@northstar.example", "Tom Becker", AgencyRole.ASSISTANT),
    ],
    "Lumen Creators": [
        ("owner@lumen.example", "Juliette Morel", AgencyRole.OWNER),
        ("manager@lumen.example", "Samuel Ortiz", AgencyRole.MANAGER),
    ],
}

SCOPE_SETS = [
    [
        "view_insights",
        "manage_rates",
        "negotiate",
        "accept_offers",
        "message_brands",
        "manage_content",
        "view_earnings",
    ],
    ["view_insights", "negotiate", "message_brands"],
    ["view_insights", "manage_rates", "negotiate", "message_brands", "manage_content"],
    ["view_insights"],
    ["view_insights", "manage_rates", "negotiate", "accept_offers", "message_brands"],
]


def creator_email(handle: str) -> str:
    special = {"mayamoves": "creator@creators.example", "leo.eats": "creator2@creators.example"}
    return special.get(handle, f"{handle.replace('.', '-')}@creators.example")


def is_empty() -> bool:
    return not User.objects.exists()


def reset() -> None:
    """Delete every row the demo (or anyone) created, audit log included."""
    with transaction.atomic():
        demo_money.reset()
        Representation.objects.all().delete()
        Invitation.objects.all().delete()
        AuditEvent.objects.all().delete()
        AuditHead.objects.all().delete()
        SecurityEvent.objects.all().delete()
        CreatorProfile.objects.all().delete()
        AgencyMembership.objects.all().delete()
        BrandMembership.objects.all().delete()
        Agency.objects.all().delete()
        Brand.objects.all().delete()
        User.objects.all().delete()


def _user(email, name, password_hash, language="en", time_zone="Europe/Paris"):
    """A demo login: its address verified, and exempt from the owners' second factor (SPEC §9)."""
    user = User.objects.create(
        email=email,
        name=name,
        password=password_hash,
        language=language,
        time_zone=time_zone,
        is_demo=True,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _role(user, kind, name=None):
    return next(r for r in roles_for(user) if r.kind == kind and (name is None or r.name == name))


def load() -> None:
    """Create the demo world in an empty database."""
    rng = random.Random(SEED)
    password_hash = make_password(PASSWORD)
    now = timezone.now()
    with transaction.atomic():
        # Seeded by a migration; restored here for databases emptied by `flush`.
        for slug in CATEGORIES:
            Category.objects.get_or_create(slug=slug)
        users = {}
        agencies = {}
        for agency_name, staff in STAFF.items():
            owner_email, owner_name, _ = staff[0]
            owner = users[owner_email] = _user(owner_email, owner_name, password_hash)
            agency = agencies[agency_name] = create_agency(
                actor=owner,
                name=agency_name,
                country="GB" if "North" in agency_name else "FR",
                website=f"https://{agency_name.split()[0].lower()}.example",
            )
            for email, name, role in staff[1:]:
                users[email] = _user(email, name, password_hash)
                AgencyMembership.objects.create(agency=agency, user=users[email], role=role)

        for brand_name, category, country, email, person in BRANDS:
            users[email] = _user(email, person, password_hash)
            create_brand(
                actor=users[email],
                name=brand_name,
                category=Category.objects.get(slug=category),
                country=country,
                website=f"https://{email.split('@')[1]}",
            )
        glowskin = Brand.objects.get(name="GlowSkin")
        users["camille@glowskin.example"] = _user(
            "camille@glowskin.example", "Camille Petit", password_hash, language="fr"
        )
        BrandMembership.objects.create(
            brand=glowskin, user=users["camille@glowskin.example"], role=BrandRole.MEMBER
        )

        profiles = []
        for handle, name, country, categories, languages in CREATORS:
            email = creator_email(handle)
            user = users[email] = _user(
                email, name, password_hash, language="fr" if "fr" in languages[:1] else "en"
            )
            followers = int(rng.lognormvariate(12.2, 1.1)) // 100 * 100 + 1200
            profiles.append(
                create_creator_profile(
                    actor=user,
                    handle=handle,
                    display_name=name,
                    country=country,
                    languages=languages,
                    followers=followers,
                    categories=Category.objects.filter(slug__in=categories),
                    bio=f"{name.split()[0]} — {', '.join(categories)} creator.",
                )
            )
            # As if she had used "Verify with TikTok": brands find only verified handles.
            verify_handle(profiles[-1], actor=user, handle=handle, account_id=f"demo-{handle}")
        _represent(users, agencies, profiles, rng, now)
        demo_insights.load()
        demo_offers.load()
        demo_money.load()


def _represent(users, agencies, profiles, rng, now):
    northstar, lumen = agencies["Northstar Talent"], agencies["Lumen Creators"]
    managers = {
        northstar: [
            users["manager@northstar.example"],
            users["manager2@northstar.example"],
            users["owner@northstar.example"],
        ],
        lumen: [users["manager@lumen.example"], users["owner@lumen.example"]],
    }
    maya = profiles[0]

    # Maya was with Lumen before and revoked them, then joined Northstar.
    lumen_owner = users["owner@lumen.example"]
    rep = _propose_and_accept(lumen, lumen_owner, maya, SCOPE_SETS[1])
    access_actions.end_representation(
        rep, "revoke", role=_role(maya.user, "creator"), actor=maya.user
    )
    Representation.objects.filter(pk=rep.pk).update(
        created_at=now - timedelta(days=420),
        started_at=now - timedelta(days=418),
        ended_at=now - timedelta(days=200),
    )

    plan = [(northstar, p) for p in profiles[:NORTHSTAR_COUNT]]
    plan += [(lumen, p) for p in profiles[NORTHSTAR_COUNT : NORTHSTAR_COUNT + LUMEN_COUNT]]
    for index, (agency, creator) in enumerate(plan):
        if creator.handle == "mayamoves":
            lead, scopes = users["manager@northstar.example"], SCOPE_SETS[0]
        elif creator.handle == "leo.eats":
            lead, scopes = users["manager@lumen.example"], SCOPE_SETS[2]
        else:
            lead = managers[agency][index % len(managers[agency])]
            scopes = SCOPE_SETS[index % len(SCOPE_SETS)]
        rep = _propose_and_accept(agency, lead, creator, scopes)
        if creator.handle == "mayamoves":
            owner_role = _role(users["owner@northstar.example"], "agency")
            access_actions.assign_managers(
                rep,
                role=owner_role,
                actor=owner_role.membership.user,
                lead=lead,
                team=[users["assistant@northstar.example"]],
            )
        days = 30 + rng.randrange(0, 700)
        Representation.objects.filter(pk=rep.pk).update(
            created_at=now - timedelta(days=days + 3), started_at=now - timedelta(days=days)
        )
    # The assistant helps on a few of manager2's creators.
    assistant = users["assistant@northstar.example"]
    for rep in Representation.objects.filter(
        agency=northstar, status="active", lead_manager=users["manager2@northstar.example"]
    )[:4]:
        rep.team.add(assistant)

    # One pending proposal each way.
    by_handle = {p.handle: p for p in profiles}
    manager_role = _role(users["manager@northstar.example"], "agency")
    access_actions.invite_creator(
        manager_role,
        actor=manager_role.membership.user,
        identifier="@nomadnoor",
        message="We would love to bring you brand partners in travel.",
    )
    ines = by_handle["inkbyines"]
    access_actions.request_representation(
        _role(ines.user, "creator"),
        actor=ines.user,
        agency=lumen,
        scopes=["view_insights", "negotiate", "message_brands"],
        message="Looking for help with art-supply brands.",
    )
    # A staff invitation waiting at Northstar.
    Invitation.objects.create(
        email="new.manager@northstar.example",
        agency=northstar,
        role=AgencyRole.MANAGER,
        invited_by=users["owner@northstar.example"],
    )


def _propose_and_accept(agency, lead, creator, scopes):
    lead_role = _role(lead, "agency", agency.name)
    rep = access_actions.invite_creator(lead_role, actor=lead, identifier=creator.at_handle)
    creator_role = _role(creator.user, "creator")
    return access_actions.accept_representation(
        rep,
        role=creator_role,
        actor=creator.user,
        scopes=scopes,
        ceiling=None if "accept_offers" not in scopes else 2500,
        currency="EUR",
    )


def has_demo_users() -> bool:
    return User.objects.filter(email=LOGINS[0].email).exists()
