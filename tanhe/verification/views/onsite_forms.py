"""The forms of the on-site step: the plan, the remote request and its decision, drawing a
sample. The services validate the rules; the forms only parse what is posted."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from tanhe.checks import sampling
from tanhe.validators import WholeNumberField

from ..models import OnsitePlan
from ..services.onsite import PLAN_FIELDS
from ..services.sampling import PRINCIPLE_LABELS, SEED_BELOW


class PlanForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = OnsitePlan
        fields = PLAN_FIELDS
        widgets: ClassVar[dict[str, forms.Widget]] = {
            "visit_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "visit_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{
                name: forms.Textarea(attrs={"rows": 3, "cols": 60})
                for name in PLAN_FIELDS
                if not name.startswith("visit_")
            },
        }


class RemoteRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("远程核查原因（不可抗力）"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("说明无法开展现场核查的不可抗力情形；远程核查须经省级主管部门批准"),
    )


class RemoteDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("审批意见"), required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60})
    )


class DrawForm(forms.Form):
    population = forms.ChoiceField(label=_("抽样对象"))
    principle = forms.ChoiceField(
        label=_("抽样原则"), choices=[(p, PRINCIPLE_LABELS[p]) for p in sampling.PRINCIPLES]
    )
    seed = WholeNumberField(
        label=_("随机种子"),
        required=False,
        min_value=0,
        max_value=SEED_BELOW - 1,
        help_text=_("留空则随机生成并记录；填写已记录的种子可重现抽样"),
    )
    controlled = forms.BooleanField(label=_("配额管控设施（100%核查）"), required=False)
    item = forms.TypedChoiceField(label=_("评审条目"), required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        *args: Any,
        populations: list[tuple[str, str]],
        items: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["population"].choices = populations  # type: ignore[attr-defined]
        self.fields["item"].choices = [("", "—"), *items]  # type: ignore[attr-defined]
