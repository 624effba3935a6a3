import re
from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from access.roles import RoleKind
from campaigns.actions import default_deadline, today
from campaigns.models import CURRENCIES, PAID_ADS_DAYS, Campaign
from campaigns.transitions import BRAND_LABELS, OfferStatus
from creators.categories import CATEGORIES
from creators.forms import AGE_CHOICES, GENDER_CHOICES, CountryCodesField
from creators.models import Category, Deliverable
from talentdesk.lib.widgets import DatePicker

DELIVERABLE_LINES = 3
TAG = re.compile(r"[#@]?[\w.]+")


class TagsField(forms.CharField):
    """Hashtags or mentions, separated by spaces or commas: "#glowskin, #summer" → a list,
    each with its mark ("#" or "@") added when left out."""

    def __init__(self, *, mark: str, **kwargs):
        self.mark = mark
        super().__init__(required=False, max_length=500, **kwargs)

    def to_python(self, value):
        words = [w for w in re.split(r"[\s,;]+", super().to_python(value) or "") if w]
        for word in words:
            if not TAG.fullmatch(word) or word.lstrip("#@") == "":
                raise forms.ValidationError(
                    _("“%(tag)s” is not a tag: letters, digits, _ and . only.") % {"tag": word}
                )
        tags = [self.mark + w.lstrip("#@").rstrip(".") for w in words]
        return list(dict.fromkeys(tags))

    def prepare_value(self, value):
        return " ".join(value) if isinstance(value, list) else value


class CampaignForm(forms.ModelForm):
    target_countries = CountryCodesField(label=_("Target countries"))
    target_genders = forms.MultipleChoiceField(
        label=_("Target genders"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=GENDER_CHOICES,
    )
    target_ages = forms.MultipleChoiceField(
        label=_("Target ages"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=AGE_CHOICES,
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in CURRENCIES])
    hashtags = TagsField(
        mark="#",
        label=_("Required hashtags"),
        help_text=_("Every posted caption must carry them, e.g. #glowskin #summerglow."),
    )
    mentions = TagsField(
        mark="@",
        label=_("Required mentions"),
        help_text=_("Accounts every posted caption must mention, e.g. @glowskin."),
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "description",
            "objective",
            "category",
            "budget",
            "currency",
            "starts_on",
            "ends_on",
            "requirements",
            "hashtags",
            "mentions",
            "usage_days",
            "exclusivity_days",
        ]
        widgets = {
            "starts_on": DatePicker(),
            "ends_on": DatePicker(),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The campaign must end after it starts."))
        return data


class TermsForm(forms.Form):
    """One proposal of terms; the actions check the business rules again."""

    price = forms.DecimalField(label=_("Price"), min_value=0.01, max_digits=12, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in CURRENCIES])
    upfront_pct = forms.DecimalField(
        label=_("Paid upfront (%)"), min_value=0, max_value=100, decimal_places=2, initial=0
    )
    net_days = forms.IntegerField(
        label=_("Payment due (days after invoice)"), min_value=0, max_value=365, initial=30
    )
    usage_days = forms.IntegerField(
        label=_("Usage rights (days)"), min_value=0, max_value=3650, initial=30
    )
    usage_channels = forms.MultipleChoiceField(
        label=_("Usage channels"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("tiktok", "TikTok"),
            ("instagram", "Instagram"),
            ("youtube", "YouTube"),
            ("website", _("Website")),
            ("paid_social", _("Paid social")),
            ("ooh", _("Out of home")),
        ],
    )
    milestone_percent = forms.IntegerField(
        label=_("Second payment (%)"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Optional: with the upfront share it must make 100 %."),
    )
    milestone_on = forms.ChoiceField(
        label=_("Paid when"),
        required=False,
        choices=[
            ("", "—"),
            ("signature", _("At signature")),
            ("draft_approved", _("When the draft is approved")),
            ("posted", _("When posted")),
            ("verified", _("When verified")),
        ],
    )
    paid_ads_days = forms.TypedChoiceField(
        label=_("Paid-ads authorisation (days)"),
        coerce=int,
        choices=[(d, d) for d in PAID_ADS_DAYS],
        initial=0,
    )
    # The shipped list itself (the same slugs as the Category table): no query per form.
    exclusivity_categories = forms.MultipleChoiceField(
        label=_("Exclusivity categories"),
        choices=sorted(CATEGORIES.items()),
        required=False,
    )
    exclusivity_days = forms.IntegerField(
        label=_("Exclusivity (days)"), min_value=0, max_value=3650, initial=0
    )
    revision_rounds = forms.IntegerField(
        label=_("Revision rounds"), min_value=0, max_value=10, initial=2
    )
    response_deadline = forms.DateField(label=_("Response deadline"), widget=DatePicker())
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response_deadline"].initial = default_deadline()
        for i in range(DELIVERABLE_LINES):
            required = i == 0
            self.fields[f"d{i}_type"] = forms.ChoiceField(
                label=_("Deliverable %(n)s") % {"n": i + 1},
                required=required,
                choices=[("", "—"), *Deliverable.choices],
            )
            self.fields[f"d{i}_count"] = forms.IntegerField(
                label=_("How many"), min_value=1, max_value=10, required=False, initial=1
            )
            self.fields[f"d{i}_due"] = forms.DateField(
                label=_("Due"),
                required=False,
                widget=DatePicker(),
                initial=today() + timedelta(days=21) if i == 0 else None,
            )
            self.fields[f"d{i}_requirements"] = forms.CharField(
                label=_("Requirements (hashtags, mentions, do's and don'ts)"),
                required=False,
                max_length=500,
            )

    def clean(self):
        data = super().clean()
        lines = []
        for i in range(DELIVERABLE_LINES):
            kind = data.get(f"d{i}_type")
            if not kind:
                continue
            if not data.get(f"d{i}_due"):
                self.add_error(f"d{i}_due", _("Give the due date."))
                continue
            line = {
                "type": kind,
                "count": data.get(f"d{i}_count") or 1,
                "due": data[f"d{i}_due"].isoformat(),
            }
            if data.get(f"d{i}_requirements"):
                line["requirements"] = data[f"d{i}_requirements"]
            lines.append(line)
        data["deliverables"] = lines
        if bool(data.get("milestone_percent")) != bool(data.get("milestone_on")):
            self.add_error("milestone_on", _("Give both the share and when it is paid."))
        return data

    def terms(self) -> dict:
        data = self.cleaned_data
        return {
            "price": data["price"],
            "currency": data["currency"],
            "deliverables": data["deliverables"],
            "upfront_pct": data["upfront_pct"],
            "net_days": data["net_days"],
            "usage_days": data["usage_days"],
            "usage_channels": data.get("usage_channels") or [],
            "milestones": (
                [{"percent": data["milestone_percent"], "on": data["milestone_on"]}]
                if data.get("milestone_percent") and data.get("milestone_on")
                else []
            ),
            "paid_ads_days": data["paid_ads_days"],
            "exclusivity_categories": list(data["exclusivity_categories"]),
            "exclusivity_days": data["exclusivity_days"],
            "revision_rounds": data["revision_rounds"],
            "response_deadline": data["response_deadline"],
        }

    @classmethod
    def initial_from(cls, version) -> dict:
        structured = ("deliverables", "exclusivity_categories", "milestones")
        initial = {
            name: getattr(version, name) for name in version.TERM_FIELDS if name not in structured
        }
        if version.milestones:
            initial["milestone_percent"] = version.milestones[0]["percent"]
            initial["milestone_on"] = version.milestones[0]["on"]
        initial["currency"] = version.currency
        initial["exclusivity_categories"] = version.exclusivity_categories
        for i, line in enumerate(version.deliverables[:DELIVERABLE_LINES]):
            initial |= {
                f"d{i}_type": line["type"],
                f"d{i}_count": line["count"],
                f"d{i}_due": line["due"],
                f"d{i}_requirements": line.get("requirements", ""),
            }
        return initial


class SendOfferForm(TermsForm):
    creator = forms.CharField(label=_("Creator's handle"), max_length=64)
    field_order = ["creator"]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class StepForm(ReasonForm):
    """What every button of the offer page posts: the step, the terms version the user saw
    (counter and accept), and a reason where the step asks one."""

    verb = forms.CharField(max_length=40)
    version = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)
    status = forms.ChoiceField(required=False, choices=[("", ""), *OfferStatus.choices])
    confirmed = forms.BooleanField(required=False)  # an irreversible step, confirmed


class OfferFilterForm(forms.Form):
    SORTS = {
        "deadline": ("response_deadline", "-updated_at"),
        "newest": ("-updated_at",),
        "oldest": ("updated_at",),
    }
    creator = forms.CharField(label=_("Creator"), required=False, max_length=64)
    brand = forms.CharField(label=_("Brand"), required=False, max_length=120)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *OfferStatus.choices],
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("deadline", _("Next deadline first")),
            ("newest", _("Latest activity first")),
            ("oldest", _("Oldest activity first")),
        ],
    )

    def __init__(self, *args, role=None, **kwargs):
        super().__init__(*args, **kwargs)
        if role is not None and role.kind == RoleKind.BRAND:  # the statuses in the brand's words
            words = {**dict(OfferStatus.choices), **BRAND_LABELS}
            self.fields["status"].choices = [("", _("Any status")), *words.items()]


class SignForm(forms.Form):
    full_name = forms.CharField(
        label=_("Type your full name to sign"),
        max_length=200,
        help_text=_("Your name, the time and your IP address are recorded with the signature."),
    )


class RenewalForm(forms.Form):
    """The one-click renewal of a deal's usage rights: the price comes prefilled."""

    price = forms.DecimalField(
        label=_("Price of the renewal"), min_value=0.01, max_digits=12, decimal_places=2
    )
    note = forms.CharField(
        label=_("Note to the brand"), required=False, max_length=2000, widget=forms.Textarea
    )


class CreatorSearchForm(forms.Form):
    q = forms.CharField(label=_("Handle or name"), required=False, max_length=64)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("All categories"),
    )
    country = forms.CharField(label=_("Country"), required=False, max_length=2)
    min_followers = forms.IntegerField(label=_("Followers from"), required=False, min_value=0)
    max_followers = forms.IntegerField(label=_("Followers up to"), required=False, min_value=0)
    min_match = forms.IntegerField(
        label=_("Audience match at least (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Share of the audience in the campaign's target countries."),
    )

    def clean_country(self):
        return self.cleaned_data["country"].upper()
