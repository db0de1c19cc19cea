"""Issue #12: the sampling seed is typed in a text input and read by the number rule, so that
full-width digits ("１２３４５６") as a Chinese input method types them are accepted."""

from __future__ import annotations

from tanhe.verification.views.onsite_forms import DrawForm


def _form(seed: str) -> DrawForm:
    data = {"population": "units", "principle": "random", "seed": seed}
    return DrawForm(data, populations=[("units", "机组")], items=[])


def test_full_width_seed_is_read():
    form = _form("１２３４５６")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["seed"] == 123456
    assert 'inputmode="numeric"' in str(form["seed"]) and 'type="text"' in str(form["seed"])


def test_a_seed_that_is_no_whole_number_is_refused():
    assert not _form("12.5").is_valid()
    assert not _form("１e3").is_valid()
    assert _form("").is_valid()
