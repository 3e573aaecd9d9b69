"""Search documents hold the text a reader sees, not its Markdown (snippets showed `**bold**`)."""

from django.db import migrations


def to_plain_text(apps, schema_editor):
    from partners.markup import plain_text

    document_model = apps.get_model("forum", "SearchDocument")
    post_model = apps.get_model("forum", "Post")
    article_model = apps.get_model("forum", "KnowledgeArticle")
    for document in document_model.objects.filter(kind__in=["post", "article"]).iterator():
        if document.kind == "post":
            post = post_model.objects.filter(pk=document.object_id).first()
            body = plain_text(post.body_raw) if post else document.body
        else:
            article = article_model.objects.filter(pk=document.object_id).first()
            body = f"{article.summary}\n{plain_text(article.body_raw)}" if article else document.body
        if body != document.body:
            document_model.objects.filter(pk=document.pk).update(body=body)


class Migration(migrations.Migration):
    dependencies = [("forum", "0003_thread_hidden_reason")]

    operations = [migrations.RunPython(to_plain_text, migrations.RunPython.noop)]
