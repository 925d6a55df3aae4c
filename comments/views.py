from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from articles.models import Article
from articles.views import render_article
from comments import remember
from comments.forms import CommentForm
from comments.models import BlockedWord, Comment, proven_commenter
from comments.moderation import judge
from comments.notifications import comment_received, read_unsubscribe_token
from comments.throttle import client_ip, ip_hash, over_limit


@require_POST
def post_comment(request, article_id):
    article = get_object_or_404(Article.objects.published().select_related("author", "category"), pk=article_id)
    address_hash = ip_hash(client_ip(request))
    form = CommentForm(request.POST, article=article)
    if over_limit(address_hash):
        # The reader's text comes back on the page, so that nothing is lost.
        return render(request, "comments/too_many.html", {"article": article, "form": form}, status=429)
    if not form.is_valid():
        return render_article(request, article, extra_context={"comment_form": form}, status=400)

    comment = form.save(commit=False)
    data = form.cleaned_data
    comment.article = article
    comment.parent = data["parent"]
    comment.ip_hash = address_hash
    comment.user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    verdict = judge(
        name=comment.author_name,
        email=comment.author_email,
        url=comment.author_url,
        body=comment.body,
        honeypot=data["homepage"],
        elapsed=data["elapsed"] or 0,
        token_valid=data["elapsed"] is not None,
        proven=proven_commenter(comment.author_email, remember.comment_ids(request)),
        blocked_words=BlockedWord.current(),
    )
    comment.status, comment.reason, comment.reason_detail = verdict.status, verdict.reason, verdict.detail[:200]
    with transaction.atomic():
        comment.save()
        if comment.status == Comment.Status.APPROVED:
            comment.on_approval()
        transaction.on_commit(lambda: comment_received(comment))

    if comment.status == Comment.Status.APPROVED:
        messages.success(request, _("Thank you! Your comment is published."))
        response = redirect(f"{article.get_absolute_url()}#comment-{comment.pk}")
    else:
        # Spam gets the same answer as a held comment: robots learn nothing.
        messages.success(request, _("Thank you! Your comment is awaiting moderation."))
        response = redirect(f"{article.get_absolute_url()}#comments")
    if data["remember"]:
        remember.remember(response, request, comment)
    else:
        remember.forget(response)
    return response


# Mail clients' one-click unsubscribe (RFC 8058) posts without a CSRF token; the signed,
# expiring token in the URL is what allows the change.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks for confirmation (mail scanners follow links); POST stops the e-mails."""
    try:
        email = read_unsubscribe_token(token)
    except signing.SignatureExpired:
        return render(request, "comments/unsubscribe.html", {"state": "expired"}, status=410)
    except signing.BadSignature:
        return render(request, "comments/unsubscribe.html", {"state": "invalid"}, status=400)
    if request.method == "POST":
        Comment.objects.filter(author_email__iexact=email).update(notify_on_publish=False, notify_on_reply=False)
        return render(request, "comments/unsubscribe.html", {"state": "done", "email": email})
    return render(request, "comments/unsubscribe.html", {"state": "confirm", "email": email})
