from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from brands.models import Brand
from creators.models import Category, Deliverable
from pipeline.models import Answer, OfferRules
from talentdesk.lib.widgets import DatePicker


class OfferRulesForm(forms.ModelForm):
    """Her rules: one floor per deliverable type (blank: none), limits, blocked lists."""

    blocked_categories = forms.ModelMultipleChoiceField(
        label=_("Blocked categories"),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    blocked_brands = forms.ModelMultipleChoiceField(
        label=_("Blocked brands"),
        queryset=Brand.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    answer = forms.ChoiceField(
        label=_("When an offer breaks a rule"), choices=Answer.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = OfferRules
        fields = [
            "floor_currency",
            "max_usage_days",
            "max_exclusivity_days",
            "min_upfront_pct",
            "answer",
            "decline_message",
        ]
        widgets = {"decline_message": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        floors = self.instance.floors if self.instance.pk else {}
        for kind, label in Deliverable.choices:
            self.fields[f"floor_{kind}"] = forms.DecimalField(
                label=_("Price floor: %(deliverable)s") % {"deliverable": label},
                required=False,
                min_value=Decimal("0.01"),
                max_digits=12,
                decimal_places=2,
                initial=floors.get(kind),
                localize=True,
            )
        self.fields["min_upfront_pct"].min_value = 0
        self.fields["min_upfront_pct"].max_value = 100
        self.fields["decline_message"].help_text = _(
            "Sent to the brand with an automatic decline; blank: a polite sentence naming the rule."
        )
        if self.instance.pk:
            self.initial["blocked_categories"] = list(self.instance.blocked_categories.all())
            self.initial["blocked_brands"] = list(self.instance.blocked_brands.all())
        order = [f"floor_{kind}" for kind in Deliverable.values] + list(self.Meta.fields)
        order.insert(len(Deliverable.values) + 1, "blocked_categories")
        order.insert(len(Deliverable.values) + 2, "blocked_brands")
        self.order_fields(order)

    def rule_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["floors"] = {
            kind: str(self.cleaned_data[f"floor_{kind}"])
            for kind in Deliverable.values
            if self.cleaned_data.get(f"floor_{kind}") is not None
        }
        return data


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    creator_visible = forms.BooleanField(label=_("The creator may read it"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_note_%s")  # beside the task form on one page
        super().__init__(*args, **kwargs)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    due_on = forms.DateField(label=_("Due"), widget=DatePicker)
    assignee = forms.ModelChoiceField(label=_("Assignee"), queryset=None)
    creator_visible = forms.BooleanField(label=_("The creator may see it"), required=False)

    def __init__(self, *args, agency, **kwargs):
        kwargs.setdefault("auto_id", "id_task_%s")  # beside the note form on one page
        super().__init__(*args, **kwargs)
        from accounts.models import User

        self.fields["assignee"].queryset = User.objects.filter(
            agency_memberships__agency=agency
        ).order_by("name")
        self.fields["assignee"].label_from_instance = lambda user: user.name or user.email
