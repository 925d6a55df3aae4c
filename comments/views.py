from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from articles.models import Article
from articles.views import render_article
from comments import remember, tokens
from comments.forms import CommentEditForm, CommentForm
from comments.models import BlockedWord, Comment, proof_of
from comments.moderation import judge, judge_edit
from comments.notifications import comment_received, read_unsubscribe_token
from comments.origin import same_origin_only
from comments.throttle import client_ip, ip_hash, over_limit


def _confirm_message(state):
    """What a reader whose form came back without a good token reads above it, their text kept."""
    if state is tokens.State.TOO_YOUNG:
        return _("That was quick! Check your comment, then send it again to confirm.")
    return _("To confirm that you are not a robot, check your comment and send it again.")


@require_safe
@never_cache
def form_token(request, article_id):
    """A fresh token for the comment form of an article, asked for by comments.js when the reader starts writing."""
    article = get_object_or_404(Article.objects.published().only("pk"), pk=article_id)
    return JsonResponse({"token": tokens.issue(article.pk)})


@same_origin_only  # instead of a CSRF token, which would make every article page a page of its own
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
    data = form.cleaned_data
    token = data["token"]
    if not token.valid and not data["homepage"]:
        # Too fast, or no token of ours (a stale page, no JavaScript): nothing is judged yet,
        # the reader is asked to send it again, with a token that says when they were asked.
        confirm = form.to_confirm(_confirm_message(token.state))
        return render_article(request, article, extra_context={"comment_form": confirm}, status=400)

    comment = form.save(commit=False)
    comment.article = article
    comment.parent = data["parent"]
    comment.ip_hash = address_hash
    comment.token_nonce = token.nonce
    comment.user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    verdict = judge(
        name=comment.author_name,
        email=comment.author_email,
        url=comment.author_url,
        body=comment.body,
        honeypot=data["homepage"],
        token_reused=bool(token.nonce)
        and Comment.objects.filter(token_nonce=token.nonce, ip_hash=address_hash).exists(),
        proof=proof_of(comment.author_email, comment.author_name, remember.comment_ids(request)),
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
    else:
        # Spam gets the answer of a held comment, and is shown to its author the same way: robots learn nothing.
        messages.success(request, _("Thank you! Your comment is awaiting moderation."))
    response = redirect(f"{article.get_absolute_url()}#comment-{comment.pk}")
    remember.remember(response, request, comment, identity=data["remember"])
    return response


def _own_comment(request, pk):
    """The comment `pk`, if the reader is its author (cookie or e-mailed key); 404 otherwise, for anyone else."""
    comment = Comment.objects.select_related("article").filter(pk=pk).exclude(status=Comment.Status.WITHDRAWN).first()
    key = request.POST.get("key") or request.GET.get("key", "")
    if comment is None or not remember.owns(request, comment, key):
        raise Http404
    return comment, key


@never_cache
@require_http_methods(["GET", "POST"])
def edit_comment(request, pk):
    comment, key = _own_comment(request, pk)
    if not comment.can_be_edited():
        return render(request, "comments/own.html", {"comment": comment, "key": key, "too_late": True}, status=403)
    form = CommentEditForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        verdict = judge_edit(comment, form.cleaned_data["body"], BlockedWord.current())
        comment.status, comment.reason, comment.reason_detail = verdict.status, verdict.reason, verdict.detail[:200]
        comment.edited_at = timezone.now()
        comment.save()
        messages.success(request, _("Your comment is updated."))
        return redirect(f"{comment.article.get_absolute_url()}#comment-{comment.pk}")
    return render(request, "comments/own.html", {"comment": comment, "key": key, "form": form, "editing": True})


@never_cache
@require_http_methods(["GET", "POST"])
def delete_comment(request, pk):
    comment, key = _own_comment(request, pk)
    if request.method == "POST":
        article = comment.article
        comment.withdraw()
        messages.success(request, _("Your comment is deleted."))
        return redirect(f"{article.get_absolute_url()}#comments")
    return render(request, "comments/own.html", {"comment": comment, "key": key, "deleting": True})


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
