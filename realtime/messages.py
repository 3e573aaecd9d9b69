"""A notification's text kept as its translatable source and parameters, so each reader sees it in
their own language, with numbers and dates written the way that language writes them ("0,8").

Callers mark the source with gettext_noop so it is extracted and translated like any other string:
    Message(gettext_noop("%(count)s reports in %(area)s"), count=3, area=area.name)
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Union

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.translation import gettext

# Anything else (an organisation, a walk) is kept as its text when the notification is written.
Param = Union[str, int, float, Decimal, date, "Message", Promise, object]


class Message:
    def __init__(self, source: str, **params: Param) -> None:
        self.source = source
        self.params = params

    @classmethod
    def label(cls, label: Promise | str) -> Message:
        """A lazily translated label (a choice's display name) as a message of its own source."""
        with translation.override(None):
            return cls(str(label))

    def render(self) -> str:
        return gettext(self.source) % {key: _render(value) for key, value in self.params.items()}

    def __str__(self) -> str:
        return self.render()

    def in_hub_language(self) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            return self.render()

    def dumps(self) -> str:
        return json.dumps(_dump(self), ensure_ascii=False)

    @classmethod
    def loads(cls, text: str) -> Message:
        return _load(json.loads(text))


def _render(value: object) -> str:
    if isinstance(value, Message):
        return value.render()
    if isinstance(value, dict) and "date" in value:
        return date_format(date.fromisoformat(value["date"]), "j F Y")
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return number_format(value, use_l10n=True)
    return str(value)


def _dump(value: object) -> object:
    if isinstance(value, Message):
        return {"source": value.source, "params": {key: _dump(item) for key, item in value.params.items()}}
    if isinstance(value, datetime):
        return {"date": value.date().isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Promise):
        return _dump(Message.label(value))
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _load(data: dict[str, object]) -> Message:
    params = data.get("params") or {}
    assert isinstance(params, dict)
    nested = {key: _load(item) for key, item in params.items() if isinstance(item, dict) and "source" in item}
    return Message(str(data["source"]), **{**params, **nested})
