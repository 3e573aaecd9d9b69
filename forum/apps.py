from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from forum import personal_data
        from forum.models import Category, CategoryKind, category_rules_changed
        from partners import audit_labels
        from realtime import kinds

        kinds.register("forum.reply", _("New posts in threads and categories you follow"))
        kinds.register("forum.mention", _("Someone mentioned you in the forum"))
        kinds.register("forum.post_hidden", _("Your post was hidden by a moderator"))
        kinds.register("forum.thread_hidden", _("Your thread was hidden by a moderator"))
        kinds.register("forum.thread_restored", _("Your thread is visible again"))
        kinds.register("forum.flag_queue", _("Flagged posts awaiting your review"))
        kinds.register("forum.article_review", _("Knowledge articles awaiting your review"))
        kinds.register("forum.article_changes", _("Changes requested to your knowledge article"))
        kinds.register("forum.article_published", _("Your knowledge article was published"))
        audit_labels.register(
            {
                "forum.thread.create": _("Thread started"),
                "forum.thread.move": _("Thread moved"),
                "forum.thread.pin": _("Thread pinned"),
                "forum.thread.unpin": _("Thread unpinned"),
                "forum.thread.lock": _("Thread locked"),
                "forum.thread.unlock": _("Thread unlocked"),
                "forum.thread.hide": _("Thread hidden"),
                "forum.thread.restore": _("Thread restored"),
                "forum.post.create": _("Post written"),
                "forum.post.edit": _("Post edited"),
                "forum.post.flag": _("Post flagged"),
                "forum.post.hide": _("Post hidden"),
                "forum.post.restore": _("Post restored"),
                "forum.article.save": _("Knowledge article saved"),
                "forum.article.submit": _("Knowledge article submitted for review"),
                "forum.article.request_changes": _("Changes requested to a knowledge article"),
                "forum.article.publish": _("Knowledge article published"),
                "forum.article.archive": _("Knowledge article archived"),
            },
            {"category": _("Category"), "visibility": _("Visibility"), "is_published": _("Published")},
        )
        personal_data.register()
        links = (Category.chairs.through, Category.allowed_organisations.through)
        for rule in (Category, CategoryKind, *links):
            post_save.connect(category_rules_changed, sender=rule, dispatch_uid=f"forum.rules.save.{rule}")
            post_delete.connect(category_rules_changed, sender=rule, dispatch_uid=f"forum.rules.del.{rule}")
        for link in links:
            m2m_changed.connect(category_rules_changed, sender=link, dispatch_uid=f"forum.rules.m2m.{link}")
