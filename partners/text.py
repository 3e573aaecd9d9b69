"""The character rules every free-text input follows, in one place.

Control characters go (a multi-line text keeps its line breaks and tabs), and a single-line text
(a title, a name, a subject) also loses the bidirectional overrides and isolates (U+202A–U+202E,
U+2066–U+2069) that can make "gpj.exe" read as "exe.jpg". Every text field of every form has a
length limit. The hub's forms derive from HubForm / HubModelForm, which apply both; a test walks
all of them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms

_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _is_control(character: str) -> bool:
    return unicodedata.category(character) == "Cc"


def clean_text(value: str, *, multiline: bool) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if multiline:
        return "".join(c for c in value if c in "\n\t" or not _is_control(c))
    value = "".join(" " if c in "\n\t" else c for c in value if c in "\n\t" or not _is_control(c))
    return _BIDI_CONTROLS.sub("", value)


def is_free_text(field: forms.Field) -> bool:
    """A field a person types text into (not a password, a hidden value or a choice)."""
    return (
        isinstance(field, forms.CharField)
        and not isinstance(field, (forms.EmailField, forms.URLField, forms.SlugField, forms.RegexField))
        and not isinstance(field.widget, (forms.PasswordInput, forms.HiddenInput))
    )


def is_multiline(field: forms.Field) -> bool:
    return isinstance(field.widget, forms.Textarea)


class TextRules:
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def _clean_fields(self) -> None:
        super()._clean_fields()  # type: ignore[misc]
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if isinstance(value, str) and is_free_text(field):
                self.cleaned_data[name] = clean_text(value, multiline=is_multiline(field)).strip()


class HubForm(TextRules, forms.Form):
    pass


class HubModelForm(TextRules, forms.ModelForm):
    pass
