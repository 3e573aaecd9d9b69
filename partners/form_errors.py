"""A service's ValidationError shown to the person who sent the form: on its fields, or as one line."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def show_on_form(form: Any, error: ValidationError) -> None:
    """Each message on the field it names, where the form has that field; the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def error_text(error: ValidationError) -> str:
    """Every message of the error in one line, for a flash message."""
    return " ".join(str(message) for message in error.messages)
