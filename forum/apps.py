from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        from forum import personal_data
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
        personal_data.register()
