from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from comments.models import Comment
        from pagecache import changes

        # Readers see approved comments only: one held, or marked as spam from the queue, changes no page.
        changes.watch(Comment, when=("status", Comment.Status.APPROVED))
