"""Cells of the hub's CSV files, which are written for Excel in the reader's language: semicolons
between cells, so numbers carry the language's decimal comma."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format


def number(value: int | float | Decimal | None, places: int | None = None) -> str:
    if value is None:
        return ""
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=False)
