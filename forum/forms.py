"""Forms of the forum: they parse and give field messages; the services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forum.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Category, KnowledgeArticle
from partners.text import HubForm

MARKDOWN_HELP = _(
    "Markdown: **bold**, *italic*, lists, > quotes, `code`, links, tables. Mention someone with @ and the part of their email address before @."  # noqa: E501
)


class ThreadForm(HubForm):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea, max_length=BODY_MAX_LENGTH, help_text=MARKDOWN_HELP
    )


class PostForm(HubForm):
    body = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea, max_length=BODY_MAX_LENGTH, help_text=MARKDOWN_HELP
    )


class ReasonForm(HubForm):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class MoveForm(HubForm):
    category = forms.ModelChoiceField(label=_("Move to"), queryset=Category.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args: object, categories: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class ArticleForm(HubForm):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    summary = forms.CharField(
        label=pgettext_lazy("written summary", "Summary"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea, max_length=BODY_MAX_LENGTH, help_text=MARKDOWN_HELP
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    evidence_level = forms.ChoiceField(
        label=_("Evidence level"), choices=KnowledgeArticle.EvidenceLevel.choices
    )
    sources = forms.CharField(
        label=_("Sources"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One source a line: the publication, then | and a link, e.g. Brå 2019:5 | https://bra.se/..."
        ),
    )

    def __init__(self, *args: object, categories: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories

    def source_pairs(self) -> list[tuple[str, str]]:
        pairs = []
        for line in (self.cleaned_data.get("sources") or "").splitlines():
            if not line.strip():
                continue
            publication, _sep, url = line.partition("|")
            pairs.append((publication.strip(), url.strip()))
        return pairs


class ReviewForm(HubForm):
    comment = forms.CharField(
        label=_("Comment to the author"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
