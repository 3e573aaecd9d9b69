"""Every free-text input has a length limit and the same character rules (partners/text.py)."""

import inspect
from importlib import import_module

import pytest
from django import forms

from partners.text import TextRules, clean_text, is_free_text

APPS = ["partners", "realtime", "forum", "reports", "agreements", "escalations", "situation"]


def _forms():
    for app in APPS:
        module = import_module(f"{app}.forms")
        for name, form_class in inspect.getmembers(module, inspect.isclass):
            if issubclass(form_class, forms.BaseForm) and form_class.__module__ == module.__name__:
                yield f"{app}.forms.{name}", form_class


FORMS = dict(_forms())


@pytest.mark.parametrize("name", sorted(FORMS))
def test_every_text_field_of_every_form_has_a_limit_and_the_character_rules(name):
    form_class = FORMS[name]
    texts = {field_name: field for field_name, field in form_class.base_fields.items() if is_free_text(field)}
    if not texts:
        return
    assert issubclass(form_class, TextRules), f"{name} must derive from HubForm or HubModelForm"
    unlimited = [field_name for field_name, field in texts.items() if not field.max_length]
    assert not unlimited, f"{name}: no length limit on {unlimited}"


def test_the_walk_finds_the_forms():
    assert len(FORMS) > 30


def test_a_title_loses_control_characters_and_bidirectional_overrides():
    assert clean_text("Faktura\u202egpj.exe\x00\x07", multiline=False) == "Fakturagpj.exe"
    assert clean_text("Rad ett\nrad två", multiline=False) == "Rad ett rad två"


def test_a_text_keeps_its_lines_and_loses_other_control_characters():
    assert clean_text("Rad ett\r\nrad\ttvå\x1b[31m", multiline=True) == "Rad ett\nrad\ttvå[31m"


def test_a_moderation_reason_of_a_mebibyte_is_refused_with_a_message(db):
    from forum.forms import ReasonForm

    form = ReasonForm({"reason": "x" * (1024 * 1024)})
    assert not form.is_valid()
    assert "reason" in form.errors


def test_an_organisation_description_of_a_mebibyte_is_refused_with_a_message(organisation):
    from partners.forms import OrganisationEditForm

    form = OrganisationEditForm({"description": "x" * (1024 * 1024)}, organisation=organisation)
    assert not form.is_valid()
    assert "description" in form.errors


def test_a_thread_title_with_a_right_to_left_override_is_stored_without_it(db):
    from forum.forms import ThreadForm

    form = ThreadForm({"title": "Klotter\u202e vid skolan", "body": "Text\x00"})
    assert not form.is_valid() or form.cleaned_data["title"] == "Klotter vid skolan"
    form = ThreadForm({"title": "Klotter\u202e vid skolan", "body": "Text\x07 här"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Klotter vid skolan"
    assert form.cleaned_data["body"] == "Text här"
