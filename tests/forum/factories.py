"""Factories for the forum; posts and threads made through the services where behaviour matters."""

import factory
from django.utils import timezone

from forum.models import Category, CategoryKind, Post, Thread
from partners.markup import render_markdown


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Kategori {n}")
    slug = factory.Sequence(lambda n: f"kategori-{n}")
    visibility = Category.Visibility.ALL

    @factory.post_generation
    def kinds(self, create, extracted, **kwargs):
        for kind in extracted or ():
            CategoryKind.objects.create(category=self, kind=kind)

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        for organisation in extracted or ():
            self.allowed_organisations.add(organisation)

    @factory.post_generation
    def chairs(self, create, extracted, **kwargs):
        for user in extracted or ():
            self.chairs.add(user)


class ThreadFactory(factory.django.DjangoModelFactory):
    """A bare thread row (no search document); use services.create_thread for real behaviour."""

    class Meta:
        model = Thread

    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Tråd {n}")
    author = None
    last_post_at = factory.LazyFunction(timezone.now)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = None
    body_raw = factory.Sequence(lambda n: f"Inlägg nummer {n}")
    body_html = factory.LazyAttribute(lambda post: render_markdown(post.body_raw))
