"""The clauses every contract prints beside its terms — cancellation and kill fee, governing law,
disclosure obligations — with their defaults in English and French. An agency may replace any
of them (agencies.models.ContractClauses); a blank text keeps the default. The contract of a
creator with no agency prints the defaults.

The texts are legal wording kept here in both languages (not gettext msgids): an agency edits
the wording it signs, per language, and a sealed contract freezes both."""

from decimal import Decimal

CLAUSES = ("cancellation", "governing_law", "disclosure")
LANGUAGES = ("en", "fr")
DEFAULT_KILL_FEE_PCT = Decimal("50.00")

DEFAULTS = {
    "en": {
        "cancellation": (
            "Either party may end this agreement in writing if the other fails to perform an "
            "obligation and does not remedy it within 14 days of being notified. If the Brand "
            "cancels after both parties have signed, for any reason other than the Creator's "
            "breach, it pays the kill fee stated in the terms together with any payment "
            "already due; content not yet delivered is then not owed. A payment already made "
            "for content delivered is never refunded."
        ),
        "governing_law": (
            "This agreement is governed by the law of the country where the agency acting for "
            "the Creator is established (or, without an agency, where the Creator resides). The "
            "parties first try to settle any dispute amicably; failing that within 30 days, the "
            "courts of that country have jurisdiction."
        ),
        "disclosure": (
            "The Creator clearly discloses the commercial relationship in every piece of content "
            "made under this agreement, at its start and in the language of the audience (for "
            "example #ad or #sponsored, and the platform's paid-partnership label where it "
            "exists), as the advertising rules of the countries where it is published require. "
            "The Brand does not ask the Creator to hide or weaken that disclosure."
        ),
    },
    "fr": {
        "cancellation": (
            "Chaque partie peut mettre fin au présent contrat par écrit si l’autre manque à une "
            "obligation et n’y remédie pas dans les 14 jours suivant sa notification. Si la "
            "Marque annule après la signature des deux parties, pour une autre raison qu’un "
            "manquement du Créateur, elle verse l’indemnité d’annulation prévue aux conditions "
            "ainsi que tout paiement déjà exigible ; les contenus non encore livrés ne sont "
            "alors plus dus. Un paiement déjà effectué pour un contenu livré n’est jamais "
            "remboursé."
        ),
        "governing_law": (
            "Le présent contrat est régi par le droit du pays où est établie l’agence agissant "
            "pour le Créateur (ou, sans agence, du pays où réside le Créateur). Les parties "
            "cherchent d’abord à régler tout différend à l’amiable ; à défaut dans les 30 jours, "
            "les tribunaux de ce pays sont compétents."
        ),
        "disclosure": (
            "Le Créateur signale clairement la relation commerciale dans chaque contenu réalisé "
            "au titre du présent contrat, dès son début et dans la langue de son public (par "
            "exemple #pub ou #sponsorisé, et la mention « partenariat rémunéré » de la "
            "plateforme lorsqu’elle existe), comme l’exigent les règles publicitaires des pays "
            "où il est publié. La Marque ne demande pas au Créateur de masquer ou d’atténuer "
            "cette mention."
        ),
    },
}


def field_name(clause: str, language: str) -> str:
    return f"{clause}_{language}"


def clauses_of(agency) -> dict:
    """What a contract prints for `agency` (None: no agency): the kill fee as text and each
    clause in each language, an agency's own wording where it wrote one, else the default."""
    row = None
    if agency is not None:
        from agencies.models import ContractClauses

        row = ContractClauses.objects.filter(agency=agency).first()
    texts = {
        language: {
            clause: (getattr(row, field_name(clause, language), "") if row else "").strip()
            or DEFAULTS[language][clause]
            for clause in CLAUSES
        }
        for language in LANGUAGES
    }
    kill_fee = row.kill_fee_pct if row is not None else DEFAULT_KILL_FEE_PCT
    return {"kill_fee_pct": str(kill_fee), **texts}
