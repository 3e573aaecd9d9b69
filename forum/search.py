"""Full-text search over what a person may see: SQLite FTS5 on the embedded default, PostgreSQL
full-text search when DATABASE_URL points there.

The user's text never reaches the query language as such: it is cut into words, stop words and
operators are dropped, and each word becomes a quoted prefix term, so quotes, *, NEAR, AND/OR/NOT
and unbalanced input can never raise. Highlights are marked with control characters inside the
database, then the whole text is escaped and only those markers become <mark>.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from forum.models import Category, Post, SearchDocument, Thread

START, STOP = "\x01", "\x02"
MAX_TERMS = 8
MIN_TERM_LENGTH = 2
RESULT_LIMIT = 30
RANK_WINDOW = 1000
SNIPPET_WORDS = 30

# Common Swedish and English words that match almost everything; a query of only these is "too vague".
STOP_WORDS = frozenset(
    """
    och att det som en på är av för med till den har de inte om ett han men var jag sig från vi så
    kan man när år säger hon under också efter eller nu sin där vid mot ska skulle kommer ut får
    finns vara hade alla andra mycket än här då sedan över bara in blir upp även vad få två vill ha
    många hur mer går sverige kronor detta nya procent skall hans utan sina något the a an and or
    not near of to in on for is are was be it this that with as at by from
""".split()  # noqa: SIM905
)
OPERATORS = frozenset({"and", "or", "not", "near"})
_WORD = re.compile(r"\w+", re.UNICODE)


class QueryTooVague(ValueError):
    """Nothing searchable was left of the query (empty, stop words or operators only)."""


def terms_of(query: str) -> list[str]:
    words = [word.lower() for word in _WORD.findall(query or "")]
    words = [word.replace("_", "") for word in words]
    kept = []
    for word in words:
        if len(word) < MIN_TERM_LENGTH or word in STOP_WORDS or word in OPERATORS or word in kept:
            continue
        kept.append(word)
    if not kept:
        raise QueryTooVague(query)
    return kept[:MAX_TERMS]


def fts5_query(terms: list[str]) -> str:
    # Each term is only \w characters, quoted, with a prefix star: never an operator or a syntax error.
    return " AND ".join(f'"{term}"*' for term in terms)


def highlight(text: str) -> SafeString:
    """Escape everything, then turn the database's markers into <mark> (and drop stray markers)."""
    escaped = escape(text)
    opened = False
    parts = []
    for char in escaped:
        if char == START and not opened:
            parts.append("<mark>")
            opened = True
        elif char == STOP and opened:
            parts.append("</mark>")
            opened = False
        elif char not in (START, STOP):
            parts.append(char)
    if opened:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - escaped above, only our own <mark> added


@dataclass
class Result:
    kind: str
    object_id: int
    thread_id: int | None
    category_name: str
    title: SafeString
    snippet: SafeString

    @property
    def kind_label(self) -> str:
        return str(SearchDocument.Kind(self.kind).label)

    @property
    def url(self) -> str:
        if self.kind == SearchDocument.Kind.ARTICLE:
            return reverse("forum:article", args=[self.object_id])
        if self.kind == SearchDocument.Kind.POST:
            return reverse("forum:post", args=[self.object_id])
        return reverse("forum:thread", args=[self.object_id])


def search(
    user: Any, query: str, *, category: Category | None = None, limit: int = RESULT_LIMIT
) -> list[Result]:
    """Ranked results the user may see; raises QueryTooVague when nothing searchable is left."""
    terms = terms_of(query)
    categories = Category.objects.visible_to(user)
    if category is not None:
        categories = categories.filter(pk=category.pk)
    names = dict(categories.values_list("pk", "name"))
    if not names:
        return []
    if connection.vendor == "postgresql":
        rows = _search_postgres(terms, list(names), limit)
    else:
        rows = _search_sqlite(terms, list(names), limit)
    rows = _only_what_the_user_may_open(user, [row for row in rows if row[3] in names])
    # Posts are indexed without a title; show their thread's, marked the same way.
    untitled = {row[2] for row in rows if not row[4] and row[2]}
    thread_titles = (
        dict(Thread.objects.filter(pk__in=untitled).values_list("pk", "title")) if untitled else {}
    )
    return [
        Result(
            kind=kind,
            object_id=object_id,
            thread_id=thread_id,
            category_name=names[category_id],
            title=highlight(title or mark_terms(thread_titles.get(thread_id, ""), terms)),
            snippet=highlight(snippet),
        )
        for kind, object_id, thread_id, category_id, title, snippet in rows
    ]


def _only_what_the_user_may_open(user: Any, rows: list[Any]) -> list[Any]:
    """The index knows categories only: a hidden thread, or a hidden post, is dropped here for anyone
    who may not open it, by the same read rules the thread page uses."""
    thread_ids = {row[2] for row in rows if row[2]}
    if not thread_ids:
        return rows
    open_threads = set(Thread.objects.visible_to(user).filter(pk__in=thread_ids).values_list("pk", flat=True))
    post_ids = [row[1] for row in rows if row[0] == SearchDocument.Kind.POST]
    hidden_posts = set(
        Post.objects.filter(pk__in=post_ids, is_hidden=True)
        .exclude(thread__category__in=Category.objects.moderated_by(user))
        .values_list("pk", flat=True)
    )
    return [
        row
        for row in rows
        if (not row[2] or row[2] in open_threads)
        and not (row[0] == SearchDocument.Kind.POST and row[1] in hidden_posts)
    ]


def _fold(word: str) -> str:
    """Lower case without diacritics, as the FTS5 tokenizer (remove_diacritics 2) compares words."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def mark_terms(text: str, terms: list[str]) -> str:
    """Put the highlight markers around every word that starts with one of the terms."""
    folded_terms = [_fold(term) for term in terms]
    text = text.replace(START, "").replace(STOP, "")  # only our own markers may become <mark>

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        folded = _fold(word)
        return f"{START}{word}{STOP}" if any(folded.startswith(term) for term in folded_terms) else word

    return _WORD.sub(replace, text)


def snippet_of(text: str, terms: list[str], words: int = SNIPPET_WORDS) -> str:
    """About `words` words of the text around the first match, marked."""
    marked = mark_terms(text, terms).split()
    first = next((index for index, word in enumerate(marked) if START in word), 0)
    start = max(0, first - words // 3)
    piece = " ".join(marked[start : start + words])
    return ("… " if start > 0 else "") + piece + (" …" if start + words < len(marked) else "")


def _search_sqlite(terms: list[str], category_ids: list[int], limit: int) -> list[tuple]:
    """bm25 (titles weighted 4×) over the newest RANK_WINDOW matches: a broad query that matches
    tens of thousands of posts stays fast, and the highlights are made in Python for the few rows shown."""
    placeholders = ",".join(["%s"] * len(category_ids))
    sql = f"""
        SELECT id FROM (
            SELECT forum_search_fts.rowid AS id, bm25(forum_search_fts, 4.0, 1.0) AS score
            FROM forum_search_fts
            JOIN forum_searchdocument d ON d.id = forum_search_fts.rowid
            WHERE forum_search_fts MATCH %s AND d.category_id IN ({placeholders})
            ORDER BY forum_search_fts.rowid DESC
            LIMIT %s
        ) ORDER BY score, id DESC LIMIT %s
    """  # noqa: S608 - only placeholders are interpolated
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts5_query(terms), *category_ids, RANK_WINDOW, limit])
        ids = [row[0] for row in cursor.fetchall()]
    documents = SearchDocument.objects.in_bulk(ids)
    rows = []
    for pk in ids:
        document = documents.get(pk)
        if document is None:
            continue
        rows.append(
            (
                document.kind,
                document.object_id,
                document.thread_id_ref,
                document.category_id,
                mark_terms(document.title, terms),
                snippet_of(document.body, terms),
            )
        )
    return rows


def _search_postgres(terms: list[str], category_ids: list[int], limit: int) -> list[tuple]:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
    from django.db.models import F

    # Each term is only \w characters, so the raw tsquery is well-formed: prefix match, all terms.
    query = SearchQuery(" & ".join(f"{term}:*" for term in terms), config="swedish", search_type="raw")
    options = {"start_sel": START, "stop_sel": STOP, "config": "swedish"}
    rows = (
        SearchDocument.objects.filter(category_id__in=category_ids, search_vector=query)
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            title_marked=SearchHeadline("title", query, highlight_all=True, **options),
            snippet=SearchHeadline("body", query, max_words=35, min_words=15, **options),
        )
        .order_by("-rank", "-id")
        .values_list("kind", "object_id", "thread_id_ref", "category_id", "title_marked", "snippet")[:limit]
    )
    return list(rows)


def index_vector_postgres(document_ids: list[int]) -> None:
    """Fill search_vector (title weighted above body) for these documents on PostgreSQL."""
    if connection.vendor != "postgresql" or not document_ids:
        return
    from django.contrib.postgres.search import SearchVector

    SearchDocument.objects.filter(pk__in=document_ids).update(
        search_vector=SearchVector("title", weight="A", config="swedish")
        + SearchVector("body", weight="B", config="swedish")
    )
