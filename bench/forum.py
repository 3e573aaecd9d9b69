"""Forum speed: loads 100,000 posts into a temporary SQLite database and times a thread page, a
category page and a search through django.test.Client. Not run by the test suite.

Usage: .venv/bin/python bench/forum.py [--posts 100000] [--runs 60]
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = """
    klotter skadegörelse belysning trygghet ungdomar fritidsgård polisen kommunen bostadsbolaget
    nattvandring föräldrar skola centrum station busstorget tunnel park lekplats lampa sanering
    anmälan insats samverkan lägesbild område vecka kväll helg sommar vinter fastighet trappuppgång
    källare cykel bil brand container återvinning glas fönster dörr port kamera väktare
    fältassistent socialtjänst förening idrott fotboll musik sommarjobb arbete utbildning
    trygghetsvandring mörker buskage gångväg cykelväg parkering garage hiss tvättstuga grannar
    hyresgäster boende invånare
""".split()  # noqa: SIM905


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="forum-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["HUB_TESTING"] = "1"
    os.environ["HUB_MFA_REQUIRED"] = "0"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone
    from django.utils.html import escape

    from forum.models import Category, Post, SearchDocument, Thread
    from partners.models import Membership, Organisation, User

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    rng = random.Random(4)
    # A realistic vocabulary: the domain words above plus 5,000 made-up ones, drawn with Zipf-like
    # frequencies, so a two-word query matches hundreds of posts and a common word thousands.
    syllables = ["ka", "lo", "mi", "ster", "ber", "ga", "ny", "hem", "vik", "sund", "ö", "ån", "ting", "rå"]
    vocabulary = WORDS + sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(6000)})
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]

    def text(count: int) -> str:
        return " ".join(rng.choices(vocabulary, weights=weights, k=count))

    organisation = Organisation.objects.create(
        name="Bänkbolaget", kind="housing", organisation_number="5560000000"
    )
    users = [
        User.objects.create_user(email=f"b{i}@bench.test", password=None, full_name=f"Bänk {i}")
        for i in range(50)
    ]
    Membership.objects.bulk_create([Membership(user=user, organisation=organisation) for user in users])
    categories = [Category.objects.create(name=f"Kategori {i}", slug=f"k{i}") for i in range(10)]
    threads_count = max(1, args.posts // 100)
    now = timezone.now()
    with transaction.atomic():
        threads = Thread.objects.bulk_create(
            [
                Thread(
                    category=categories[i % len(categories)],
                    title=text(5).capitalize(),
                    author=users[i % len(users)],
                    last_post_at=now,
                )
                for i in range(threads_count)
            ]
        )
        SearchDocument.objects.bulk_create(
            [
                SearchDocument(
                    kind="thread",
                    object_id=t.pk,
                    category_id=t.category_id,
                    thread_id_ref=t.pk,
                    title=t.title,
                )
                for t in threads
            ]
        )
        batch = []
        for index in range(args.posts):
            # The first thread gets 1,000 posts (the long thread); the rest share the others.
            thread = threads[0] if index < 1000 else threads[1 + index % (threads_count - 1)]
            body = text(rng.randint(15, 80))
            batch.append(
                Post(
                    thread=thread,
                    author=users[index % len(users)],
                    body_raw=body,
                    body_html=f"<p>{escape(body)}</p>",
                )
            )
            if len(batch) == 5000 or index == args.posts - 1:
                created = Post.objects.bulk_create(batch)
                SearchDocument.objects.bulk_create(
                    [
                        SearchDocument(
                            kind="post",
                            object_id=p.pk,
                            category_id=p.thread.category_id,
                            thread_id_ref=p.thread_id,
                            title="",
                            body=p.body_raw,
                        )
                        for p in created
                    ]
                )
                batch = []
        counts = dict(Post.objects.values_list("thread").annotate(n=Count("pk")).values_list("thread", "n"))
        for thread in threads:
            thread.post_count = counts.get(thread.pk, 0)
        Thread.objects.bulk_update(threads, ["post_count"])
    print(f"loaded {args.posts} posts in {threads_count} threads in {time.perf_counter() - started:.1f}s")

    client = Client()
    client.force_login(users[0], backend="django.contrib.auth.backends.ModelBackend")
    thread = threads[0]
    measurements = {
        "forum_thread_page": lambda i: f"/forum/t/{thread.pk}/?page={1 + (i * 7) % 34}",
        "forum_category_page": lambda i: f"/forum/c/{categories[i % len(categories)].slug}/?page={1 + i % 3}",
        "forum_search": lambda i: "/forum/search/?q=" + "+".join(rng.sample(vocabulary[:400], 2)),
        "forum_search_common_word": lambda i: "/forum/search/?q=klotter",
    }
    lines = []
    for name, url_for in measurements.items():
        client.get(url_for(0))
        timings, cpu = [], []
        for run in range(args.runs):
            begin, begin_cpu = time.perf_counter(), time.process_time()
            response = client.get(url_for(run))
            timings.append((time.perf_counter() - begin) * 1000)
            cpu.append((time.process_time() - begin_cpu) * 1000)
            assert response.status_code == 200, (name, response.status_code)
        # Wall time is what a user waits; CPU time shows the cost without the other processes
        # that share this machine.
        lines.append(
            f"{name} posts={args.posts} p50_ms={statistics.median(timings):.1f} "
            f"p95_ms={percentile(timings, 0.95):.1f} p95_cpu_ms={percentile(cpu, 0.95):.1f}"
        )
    shutil.rmtree(workdir, ignore_errors=True)
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
