"""A site's life across imports: exported, imported, changed in WordPress, exported and imported again."""

import pytest

from comments.models import Comment
from redirects.models import Redirect
from tests.helpers import (
    WORDPRESS_SITE,
    article_of,
    attachment,
    author,
    body_of,
    comment,
    image_bytes,
    item,
    report_rows,
    run_import,
    write_export,
    wxr,
)

pytestmark = pytest.mark.django_db


def image_tag(file):
    return f'<img src="{WORDPRESS_SITE}/wp-content/uploads/{file}" alt="Illustration">'


def site(*, trashed=False, approved=False, new_image=False):
    """The blog's export at two moments of its life."""
    third = "Un texte." + (f"\n\n{image_tag('2021/02/nouvelle.png')}" if new_image else "")
    return wxr(
        item(1, "Toujours là", slug="toujours-la", meta={"_thumbnail_id": "40"}),
        item(
            2,
            "Bientôt à la corbeille",
            slug="corbeille",
            status="trash" if trashed else "publish",
            comments=[comment(200, "Sous un article jeté")],
        ),
        item(
            3,
            "Illustré plus tard",
            slug="illustre",
            content=third,
            modified_gmt="2021-02-03 10:00:00" if new_image else "2019-05-02 08:30:00",
            comments=[
                comment(300, "Premier"),
                comment(301, "En attente", parent=300, approved="1" if approved else "0"),
            ],
        ),
        attachment(40, "2020/01/chat.png", alt="Un chat"),
        authors=[author("alice", "Alice Martin")],
    )


def test_a_site_changed_in_wordpress_is_followed_by_the_next_import(tmp_path, uploads, media_root, client):
    run_import(write_export(tmp_path, site(), "juin.xml"), "--uploads", str(uploads))
    assert article_of(2).is_public
    assert Comment.objects.get(body="En attente").status == Comment.Status.PENDING
    assert article_of(3).comment_count == 1

    # In WordPress: a post trashed, a comment approved, an image added to a post.
    (uploads / "2021" / "02").mkdir(parents=True)
    (uploads / "2021" / "02" / "nouvelle.png").write_bytes(image_bytes(30, 20))
    later = write_export(tmp_path, site(trashed=True, approved=True, new_image=True), "juillet.xml")
    stdout, _stderr = run_import(later, "--uploads", str(uploads))

    rows = report_rows(stdout)
    assert rows["articles"] == ["0", "2", "1", "0"]  # the trashed one and the illustrated one updated
    assert rows["commentaires"] == ["0", "1", "1", "0"]  # the approved one; the trashed post keeps its own, unread
    trashed = article_of(2)
    assert not trashed.is_public
    assert not Redirect.objects.filter(new_path=trashed.get_absolute_url()).exists()
    assert client.get("/2019/05/corbeille/").status_code == 404
    assert Comment.objects.get(body="En attente").status == Comment.Status.APPROVED
    assert article_of(3).comment_count == 2
    assert body_of(3).img["src"] == "/media/wordpress/2021/02/nouvelle.png"
    assert (media_root / "wordpress" / "2021" / "02" / "nouvelle.png").read_bytes() == image_bytes(30, 20)
    assert article_of(1).cover.name.startswith("covers/")  # untouched, its cover kept

    # And once more: nothing left to do.
    stdout, _stderr = run_import(later, "--uploads", str(uploads))
    rows = report_rows(stdout)
    assert rows["articles"] == ["0", "0", "3", "0"]
    assert rows["commentaires"] == ["0", "0", "2", "0"]
