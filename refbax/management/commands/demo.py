"""Idempotent French demo content: authors, categories, tags, articles with covers, settings, logins."""

import io
import unicodedata
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from articles.models import Article, Author, Category
from articles.slugs import french_slugify
from comments.models import BlockedWord, Comment
from newsroom.models import ArticleRevision
from refbax.demo_covers import draw_cover
from site_settings.address import absolute_url
from site_settings.models import SiteSettings
from site_settings.roles import EDITORS, MODERATORS, WRITERS

CONTENT_DIR = Path(__file__).resolve().parents[2] / "demo_content" / "articles"
DEMO_PASSWORD = "refbax-demo"

CATEGORIES = [
    (
        "seo",
        "Référencement",
        "Audits, technique et contenus pour gagner des places dans les moteurs de recherche.",
        "#1f4fd1",
    ),
    (
        "contenu",
        "Marketing de contenu",
        "Stratégie éditoriale, rédaction web et newsletters qui fidélisent.",
        "#b4470b",
    ),
    (
        "reseaux-sociaux",
        "Réseaux sociaux",
        "LinkedIn, Instagram, vidéo et publicité sociale, sans perdre son temps.",
        "#8a2be2",
    ),
    (
        "developpement",
        "Développement web",
        "Django, Python, JavaScript et CSS pour des sites rapides et sûrs.",
        "#0b7a55",
    ),
    (
        "data",
        "Analytics et données",
        "Mesurer ce qui compte, respecter le RGPD et décider avec des chiffres.",
        "#a3154a",
    ),
]

AUTHORS = [
    {
        "slug": "claire-morel",
        "name": "Claire Morel",
        "username": "claire",
        "group": EDITORS,
        "bio": "Consultante SEO depuis douze ans, j’audite des sites de presse et de e-commerce. "
        "J’aime les logs serveur, les redirections propres et les plans d’action que l’on peut vraiment suivre.",
        "website": "https://example.org/claire-morel",
        "linkedin": "https://www.linkedin.com/in/exemple-claire-morel",
    },
    {
        "slug": "julien-besson",
        "name": "Julien Besson",
        "username": "julien",
        "group": WRITERS,
        "bio": "Développeur web à Lyon, je construis des sites Django rapides, accessibles et sobres. "
        "J’écris ici sur la performance, la sécurité et le code qui dure.",
        "website": "https://example.org/julien-besson",
        "github": "https://github.com/exemple-julien-besson",
    },
    {
        "slug": "amina-diallo",
        "name": "Amina Diallo",
        "username": "amina",
        "group": EDITORS,
        "bio": "Stratège éditoriale et social media, j’accompagne des marques B2B "
        "qui veulent publier moins mais mieux. Newsletters, LinkedIn et calendriers éditoriaux sont mon quotidien.",
        "website": "https://example.org/amina-diallo",
        "mastodon": "https://mastodon.social/@exemple_amina",
    },
]

TAG_NAMES = {
    "seo": "SEO", "seo-technique": "SEO technique", "mots-cles": "Mots-clés", "netlinking": "Netlinking",
    "google": "Google", "core-web-vitals": "Core Web Vitals", "performance": "Performance",
    "accessibilite": "Accessibilité", "django": "Django", "python": "Python", "javascript": "JavaScript",
    "css": "CSS", "html": "HTML", "securite": "Sécurité", "api": "API", "wordpress": "WordPress",
    "redaction": "Rédaction", "strategie-editoriale": "Stratégie éditoriale", "newsletter": "Newsletter",
    "linkedin": "LinkedIn", "instagram": "Instagram", "video": "Vidéo", "publicite": "Publicité",
    "analytics": "Analytics", "rgpd": "RGPD", "conversion": "Conversion", "ux": "UX",
    "e-commerce": "E-commerce", "intelligence-artificielle": "Intelligence artificielle",
    "recherche-locale": "Recherche locale",
}  # fmt: skip


COMMENT_TEXTS = [
    "Merci pour cet article très clair ! J’ai appliqué la première partie sur notre site "
    "et nous avons déjà repéré une vingtaine de pages orphelines.",
    "Bonne remarque. Chez nous, c’est la Search Console qui nous a mis sur la piste :\n"
    "les pages orphelines ne recevaient plus aucune impression depuis la refonte.",
    "Exactement notre cas ! Vous les avez redirigées ou simplement reliées au maillage ?",
    "Une question : à partir de combien de pages conseillez-vous d’analyser les logs serveur ? "
    "Sur un petit site vitrine, est-ce vraiment utile ?",
    "Très intéressant, mais je ne suis pas d’accord sur la priorité donnée à la performance. "
    "Voici notre retour d’expérience : https://example.org/retour-experience",
]


def parse_article_file(path):
    """A demo article file: "key: value" header lines, a "---" line, then the HTML body."""
    header, separator, body = path.read_text(encoding="utf-8").partition("\n---\n")
    if not separator:
        raise CommandError(f"{path.name}: no '---' line between the header and the body.")
    fields = {}
    for line in header.splitlines():
        key, _sep, value = line.partition(":")
        fields[key.strip()] = value.strip()
    fields["tags"] = [tag.strip() for tag in fields["tags"].split(",") if tag.strip()]
    fields["body"] = body.strip()
    return fields


# A system font with accents when the machine has one; Pillow's own font lacks "é".
SYSTEM_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
]


def _font(size):
    """A font able to draw `size`-pixel French text, and whether it has accented letters."""
    for path in SYSTEM_FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size), True
    return ImageFont.load_default(size=size), False


def _drawable(text, has_accents):
    if has_accents:
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _hex_to_rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def draw_avatar(initials, colour):
    image = Image.new("RGB", (400, 400), _hex_to_rgb(colour))
    draw = ImageDraw.Draw(image)
    font, has_accents = _font(170)
    draw.text((200, 200), _drawable(initials, has_accents), font=font, fill=(255, 255, 255), anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Create the French demo site (idempotent): running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already holds articles."
        )

    def handle(self, *args, **options):
        if options["if_empty"] and Article.objects.exists():
            self.stdout.write("The database already holds articles: demo content left as it is.")
            self.print_logins()
            return
        if not settings.DEBUG:
            self.stderr.write(self.style.WARNING("DEBUG is off: the demo logins use a published password."))
        with transaction.atomic():
            created = self.create_content()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} articles created)."))
        self.print_logins()

    def print_logins(self):
        self.stdout.write(f"Admin: {absolute_url(reverse('admin:index'))}  login: admin  password: {DEMO_PASSWORD}")
        self.stdout.write(f"Editor (group {EDITORS}): login: claire  password: {DEMO_PASSWORD}")
        self.stdout.write(f"Writer (group {WRITERS}): login: julien  password: {DEMO_PASSWORD}")
        self.stdout.write(f"Moderator (group {MODERATORS}): login: modo  password: {DEMO_PASSWORD}")

    def create_content(self):
        self.create_site_settings()
        categories = self.create_categories()
        authors = self.create_authors()
        files = sorted(CONTENT_DIR.glob("*.txt"))
        if not files:
            raise CommandError(f"No demo article in {CONTENT_DIR}.")
        now = timezone.now().replace(hour=8, minute=30, second=0, microsecond=0)
        created = 0
        articles = []
        for index, path in enumerate(files):
            fields = parse_article_file(path)
            article, was_created = self.create_article(fields, index, now, categories, authors)
            articles.append(article)
            created += was_created
        # A few choices made by hand, shown first under "Sur le même thème".
        if created:
            articles[0].related_picks.set([articles[2], articles[3]])
            articles[5].related_picks.set([articles[0]])
            self.create_comments(articles[:3])
        return created

    def create_comments(self, articles):
        """A short threaded discussion under the first articles, and one comment awaiting moderation."""
        for word in ["casino", "viagra", "crypto-bonus"]:
            BlockedWord.objects.get_or_create(word=word)
        for article in articles:
            when = article.published_at
            thread = [
                (None, "Sophie Lambert", "sophie@example.org", COMMENT_TEXTS[0], 2),
                (0, "Marc Olivier", "marc@example.org", COMMENT_TEXTS[1], 5),
                (1, "Sophie Lambert", "sophie@example.org", COMMENT_TEXTS[2], 7),
                (None, "Yasmine Haddad", "yasmine@example.org", COMMENT_TEXTS[3], 26),
            ]
            posted = []
            for parent_index, name, email, body, hours in thread:
                comment = Comment.objects.create(
                    article=article,
                    parent=posted[parent_index] if parent_index is not None else None,
                    author_name=name,
                    author_email=email,
                    body=body,
                    status=Comment.Status.APPROVED,
                    reason=Comment.Reason.FIRST_COMMENT,
                    created_at=when + timedelta(hours=hours),
                    moderated_at=when + timedelta(hours=hours + 1),
                )
                posted.append(comment)
        Comment.objects.create(
            article=articles[0],
            author_name="Thomas Perrin",
            author_email="thomas@example.org",
            body=COMMENT_TEXTS[4],
            status=Comment.Status.PENDING,
            reason=Comment.Reason.FIRST_COMMENT,
        )

    def create_site_settings(self):
        if SiteSettings.objects.exists():
            return
        SiteSettings(
            name="Refbax",
            tagline="Le blog du marketing web, du SEO et du code",
            contact_email="redaction@refbax.example",
            cta_title="La lettre de Refbax",
            cta_text="Un e-mail par mois : nos meilleurs articles, un outil testé et une idée à appliquer. "
            "Sans publicité, désinscription en un clic.",
            cta_label="Je m’abonne",
            cta_url="mailto:redaction@refbax.example?subject=Abonnement",
            linkedin="https://www.linkedin.com/company/exemple-refbax",
            mastodon="https://mastodon.social/@exemple_refbax",
        ).save()

    def create_categories(self):
        categories = {}
        for position, (slug, name, description, colour) in enumerate(CATEGORIES):
            category, _created = Category.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "position": position,
                },
            )
            categories[slug] = (category, colour)
        return categories

    def create_authors(self):
        User = get_user_model()
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@refbax.example", DEMO_PASSWORD)
        if not User.objects.filter(username="modo").exists():
            moderator = User.objects.create_user(
                "modo", "moderation@refbax.example", DEMO_PASSWORD, first_name="Léa", is_staff=True
            )
            moderator.groups.add(Group.objects.get(name=MODERATORS))
        authors = {}
        for index, data in enumerate(AUTHORS):
            user, user_created = User.objects.get_or_create(
                username=data["username"],
                defaults={
                    "first_name": data["name"].split()[0],
                    "last_name": data["name"].split()[1],
                    "is_staff": True,
                },
            )
            if user_created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                user.groups.add(Group.objects.get(name=data["group"]))
            profile_fields = {key: value for key, value in data.items() if key not in {"slug", "username", "group"}}
            author, author_created = Author.objects.get_or_create(
                slug=data["slug"], defaults={**profile_fields, "user": user}
            )
            if author_created:
                initials = author.initials
                colour = CATEGORIES[index][3]
                author.avatar.save(
                    f"{author.slug}.png",
                    ContentFile(draw_avatar(initials, colour)),
                    save=True,
                )
            authors[data["slug"]] = author
        return authors

    def create_article(self, fields, index, now, categories, authors):
        slug = french_slugify(fields["title"])
        existing = Article.objects.filter(slug=slug).first()
        if existing:
            return existing, False
        category, colour = categories[fields["category"]]
        status = fields.get("status", "published")
        if status == "scheduled":
            published_at = now + timedelta(days=7)
        else:
            # One article every three days or so, the first file the most recent.
            published_at = now - timedelta(days=index * 3 + 1, hours=index % 5)
        article = Article(
            title=fields["title"],
            slug=slug,
            standfirst=fields["standfirst"],
            body=fields["body"],
            author=authors[fields["author"]],
            category=category,
            status=Article.Status.DRAFT if status == "draft" else Article.Status.PUBLISHED,
            published_at=published_at,
            featured=fields.get("featured") == "yes",
            cover_alt=f"Illustration abstraite aux couleurs de la rubrique « {category.name} »",
        )
        cover = draw_cover(fields["title"], category.name, colour, seed=fields["title"])
        article.cover.save(f"demo-{index + 1:02d}.jpg", ContentFile(cover), save=False)
        article.save()
        article.tags.add(*(TAG_NAMES.get(slug, slug) for slug in fields["tags"]))
        # Written once: the demo's "updated" dates are its publication date (after the
        # tags, whose addition counts as a change of content).
        Article.objects.filter(pk=article.pk).update(updated_at=published_at, content_changed_at=published_at)
        ArticleRevision.objects.record(article)
        return article, True
