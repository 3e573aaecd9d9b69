"""Django merges every catalogue into one per language, and the first that has a string wins: a
word that two apps (or Django's own admin, auth or allauth) translate differently shows one of them
everywhere. Every Swedish string of ours must be the one a reader actually sees; a word that means
two things carries a context (pgettext)."""

import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(ROOT.glob("*/locale/sv/LC_MESSAGES/django.mo"))


def _entries(path: Path):
    with path.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    for key, text in catalogue.items():
        if key == "":
            continue
        plural = isinstance(key, tuple)
        if plural:
            if key[1] != 0:
                continue
            key = key[0]
        context, _sep, msgid = key.rpartition("\x04")
        yield context or None, msgid, text, plural


def _seen(context, msgid, plural):
    if plural:  # the singular form; the plural text is not needed to find it
        if context:
            return translation.npgettext(context, msgid, msgid, 1)
        return translation.ngettext(msgid, msgid, 1)
    return translation.pgettext(context, msgid) if context else translation.gettext(msgid)


def test_the_catalogues_are_found():
    assert len(CATALOGUES) >= 10


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: path.parts[-5])
def test_every_swedish_string_is_the_one_a_reader_sees(catalogue):
    overridden = []
    with translation.override("sv"):
        for context, msgid, text, plural in _entries(catalogue):
            seen = _seen(context, msgid, plural)
            if seen != text:
                overridden.append((context, msgid, text, seen))
    assert overridden == []
