"""The preferences form: one choice of delivery per kind of notification."""

from __future__ import annotations

from django import forms

from realtime.models import Delivery


class PreferencesForm(forms.Form):
    def __init__(self, *args: object, rows: list[tuple[str, str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for kind, label, delivery in rows:
            self.fields[f"kind:{kind}"] = forms.ChoiceField(
                label=label,
                choices=Delivery.choices,
                initial=delivery,
                required=False,
                widget=forms.RadioSelect,
            )

    def deliveries(self) -> dict[str, str]:
        """The chosen delivery per kind; a kind left out of the post keeps its current setting."""
        return {name.removeprefix("kind:"): value for name, value in self.cleaned_data.items() if value}
