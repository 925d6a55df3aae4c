from django import template
from django.utils.functional import SimpleLazyObject
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from comments import remember
from comments.forms import CommentForm
from comments.models import Comment
from comments.tree import build_tree

register = template.Library()


@register.filter
def comment_text(body):
    """A comment's plain text as HTML: everything escaped, line breaks kept, URLs linked.

    urlize escapes the text and writes the only <a> tags there can be, so adding
    the rel attribute to them is safe.
    """
    html = urlize(body, nofollow=False, autoescape=True)
    html = html.replace("<a href=", '<a rel="nofollow ugc noopener" href=')
    return mark_safe(linebreaks(html))


def _reply_target(request):
    """The id in ?reply=, which puts the reply form under that comment (no JavaScript needed)."""
    value = request.GET.get("reply", "")
    return int(value) if value.isdecimal() and len(value) < 12 else None


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """The comments under an article: the thread, and the form (the reader's own, with its errors, if
    the comments view sent one back). The thread is read only when its kept fragment misses."""
    request = context["request"]
    # The reader's own comments on this article, from their cookie: theirs to edit or delete,
    # and, while they await moderation, theirs alone to see.
    own = {}
    if own_ids := remember.comment_ids(request):
        own = dict(
            Comment.objects.filter(article=article, pk__in=own_ids)
            .exclude(status=Comment.Status.WITHDRAWN)
            .values_list("pk", "status")
        )
    awaiting = [pk for pk, status in own.items() if status != Comment.Status.APPROVED]
    comments = Comment.objects.thread_for(article, including=awaiting)
    form = context.get("comment_form")
    if form is None:
        reply_to = _reply_target(request)
        form = CommentForm(article=article, initial={**remember.initial(request), "parent": reply_to})
    else:
        parent = getattr(form, "cleaned_data", {}).get("parent")
        reply_to = parent.pk if parent else None
    # The form goes under the comment replied to only if readers can see that comment.
    if reply_to is not None and reply_to not in {comment.pk for comment in comments if comment.accepts_replies}:
        reply_to = None
    return {
        "article": article,
        "request": request,
        "messages": context.get("messages", ()),
        "comment_tree": SimpleLazyObject(lambda: build_tree(comments)),
        "comment_form": form,
        "own_comments": set(own),
        "reply_to": str(reply_to or ""),
        "fragment_generation": context["fragment_generation"],
        "fragment_seconds": context["fragment_seconds"],
    }
