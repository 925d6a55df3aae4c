"""The staff's roles (site_settings/roles.py): each group holds exactly the permissions of its work."""

import pytest
from django.contrib.auth.models import Group

from site_settings.roles import EDITORS, MODERATORS, WRITERS

pytestmark = pytest.mark.django_db


def test_the_editors_group_has_exactly_the_editorial_permissions():
    group = Group.objects.get(name=EDITORS)
    permissions = {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list("content_type__app_label", "codename")
    }
    expected = {
        f"{app_label}.{action}_{model}"
        for app_label, model in [
            ("articles", "article"),
            ("articles", "category"),
            ("articles", "author"),
            ("articles", "taggedarticle"),
            ("taggit", "tag"),
            ("redirects", "redirect"),
            ("media_library", "mediaimage"),
        ]
        for action in ["add", "change", "delete", "view"]
    } | {"articles.publish_article"}
    # Link health: the 404 log to read, turn into redirects, ignore or clear, and the checked links to read.
    expected |= {f"redirects.{action}_notfound" for action in ["view", "change", "delete"]} | {"redirects.view_link"}
    assert permissions == expected


def test_the_editors_group_grants_nothing_about_accounts_or_comments(editor):
    assert editor.has_perm("articles.change_article")
    assert not editor.has_perm("auth.view_user")
    assert not editor.has_perm("auth.change_group")
    assert not editor.has_module_perms("comments")
    assert not editor.has_perm("site_settings.change_sitesettings")
    assert not editor.has_perm("site_settings.add_sitesettings")


def test_the_writers_group_has_exactly_the_writing_permissions():
    group = Group.objects.get(name=WRITERS)
    permissions = {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list("content_type__app_label", "codename")
    }
    assert permissions == {
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.view_author",
        "articles.view_category",
        "taggit.view_tag",
        # Writers upload and pick images (media_library/migrations/0002_groups.py).
        "media_library.add_mediaimage",
        "media_library.view_mediaimage",
    }


def test_the_moderators_group_has_exactly_the_comment_permissions():
    permissions = Group.objects.get(name=MODERATORS).permissions.all()
    assert {(p.content_type.app_label, p.codename) for p in permissions} == {
        ("comments", "view_comment"),
        ("comments", "change_comment"),
        ("comments", "view_blockedword"),
        ("comments", "add_blockedword"),
        ("comments", "change_blockedword"),
        ("comments", "delete_blockedword"),
    }


def test_nobody_may_add_or_delete_comments_through_the_moderators_group():
    codenames = set(Group.objects.get(name=MODERATORS).permissions.values_list("codename", flat=True))
    assert not {"add_comment", "delete_comment"} & codenames
