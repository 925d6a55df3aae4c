"""Fill the database with many French-like articles and comments, fast, to measure the site at scale."""

import random
import time
from contextlib import contextmanager
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Author, Category, TaggedArticle
from articles.search import CREATE_INDEX_SQL, DROP_INDEX_SQL
from articles.slugs import french_slugify
from comments.models import Comment

VOCABULARY = (
    "le la les un une des du de et ou mais donc or ni car que qui quoi dont où ce cette ces son sa ses notre "
    "votre leur site page contenu article lecteur moteur recherche référencement marketing stratégie données "
    "mesure analyse audience trafic conversion client marque réseau social vidéo image texte titre lien "
    "maillage performance vitesse serveur code développeur projet équipe outil méthode conseil exemple "
    "résultat objectif budget campagne newsletter abonné rédaction éditorial calendrier semaine mois année "
    "simple rapide efficace utile concret clair précis nouveau grand petit meilleur premier dernier important "
    "améliorer mesurer publier écrire tester optimiser comprendre choisir construire lancer suivre corriger "
    "vérifier partager attirer convertir fidéliser expliquer découvrir montrer garder éviter réussir aujourd’hui "
    "toujours souvent parfois vraiment ensuite enfin d’abord surtout ainsi pourtant également l’audience "
    "l’équipe l’outil sécurité accessibilité mobile navigateur requête index balise sitemap robots cache"
)
WORDS = VOCABULARY.split()
TAG_COUNT = 300
BATCH = 2000


def sentence(rng, low=8, high=20):
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))


def body(rng):
    """An article body as HTML: sections with a heading, paragraphs and sometimes a list."""
    html = []
    for _section in range(rng.randint(2, 5)):
        heading = sentence(rng, 3, 7)[:-1]
        paragraphs = [paragraph(rng) for _ in range(rng.randint(2, 5))]
        items = [sentence(rng, 4, 9) for _ in range(3)] if rng.random() < 0.4 else []
        html.append(f"<h2>{heading}</h2>" + "".join(f"<p>{p}</p>" for p in paragraphs))
        if items:
            html.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
    return "".join(html)


@contextmanager
def search_index_rebuilt_after():
    """On PostgreSQL, fill the table first and build the full-text index once: much faster than row by row."""
    # Inside a transaction (tests), pending constraint checks forbid the rebuild: keep the index then.
    postgresql = connection.vendor == "postgresql" and not connection.in_atomic_block
    if postgresql:
        with connection.cursor() as cursor:
            cursor.execute(DROP_INDEX_SQL)
    try:
        yield
    finally:
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute(CREATE_INDEX_SQL)


class Progress:
    """A one-line progress bar, redrawn in place on the command's stderr (an OutputWrapper)."""

    def __init__(self, label, total, stream):
        self.label, self.total, self.stream, self.start = label, total, stream, time.monotonic()

    def update(self, done):
        width = 30
        filled = int(width * done / self.total) if self.total else width
        elapsed = time.monotonic() - self.start
        self.stream.write(
            f"\r{self.label:<12} [{'#' * filled}{'.' * (width - filled)}] {done}/{self.total} {elapsed:.0f} s",
            ending="",
        )
        self.stream.flush()

    def finish(self):
        self.update(self.total)
        self.stream.write("")


class Command(BaseCommand):
    help = "Add N generated articles and M comments (bulk inserts), to measure the site at scale."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--comments", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, articles, comments, seed, **options):
        if articles < 0 or comments < 0:
            raise CommandError("--articles and --comments must be positive numbers.")
        rng = random.Random(seed)
        authors, categories = self.people_and_sections()
        tags = self.tags()
        started = time.monotonic()
        with search_index_rebuilt_after():
            created = self.articles(rng, articles, authors, categories, tags)
            self.comments(rng, comments, created)
        self.stdout.write(
            self.style.SUCCESS(
                f"{articles} articles and {comments} comments added in {time.monotonic() - started:.0f} s."
            )
        )

    def people_and_sections(self):
        authors = list(Author.objects.all()[:20]) or [Author.objects.create(name="Équipe de rédaction")]
        categories = list(Category.objects.all()[:20]) or [Category.objects.create(name="Actualités")]
        return authors, categories

    def tags(self):
        existing = {tag.slug: tag for tag in Tag.objects.filter(slug__startswith="theme-")}
        missing = [
            Tag(name=f"Thème {number}", slug=f"theme-{number}")
            for number in range(TAG_COUNT)
            if f"theme-{number}" not in existing
        ]
        Tag.objects.bulk_create(missing, batch_size=BATCH)
        return list(Tag.objects.filter(slug__startswith="theme-"))

    def articles(self, rng, count, authors, categories, tags):
        progress = Progress("articles", count, self.stderr)
        now = timezone.now()
        first_number = Article.objects.count()
        ids = []
        for start in range(0, count, BATCH):
            batch = []
            for number in range(first_number + start, first_number + min(start + BATCH, count)):
                title = sentence(rng, 4, 10)[:-1]
                standfirst = sentence(rng, 15, 30)
                published_at = now - timedelta(minutes=rng.randint(60, 10 * 365 * 24 * 60))
                article = Article(
                    title=title,
                    slug=f"{french_slugify(title, 150)}-{number}",
                    standfirst=standfirst,
                    body=body(rng),
                    author=rng.choice(authors),
                    category=rng.choice(categories),
                    status=Article.Status.PUBLISHED if rng.random() < 0.97 else Article.Status.DRAFT,
                    published_at=published_at,
                    content_changed_at=published_at,
                )
                article.derive()  # what save() would compute, which bulk_create() does not call
                batch.append(article)
            with transaction.atomic():
                saved = Article.objects.bulk_create(batch, batch_size=BATCH)
                if connection.features.can_return_rows_from_bulk_insert:
                    new_ids = [article.pk for article in saved]
                else:
                    new_ids = list(
                        Article.objects.filter(slug__in=[a.slug for a in batch]).values_list("pk", flat=True)
                    )
                TaggedArticle.objects.bulk_create(
                    (
                        TaggedArticle(content_object_id=article_id, tag=tag)
                        for article_id in new_ids
                        for tag in rng.sample(tags, 3)
                    ),
                    batch_size=BATCH,
                )
            ids.extend(new_ids)
            reset_queries()  # with DEBUG on, Django keeps every (huge) INSERT statement otherwise
            progress.update(len(ids))
        progress.finish()
        return ids

    def comments(self, rng, count, article_ids):
        if not article_ids:
            article_ids = list(Article.objects.values_list("pk", flat=True))
        if not article_ids or not count:
            return
        progress = Progress("comments", count, self.stderr)
        now = timezone.now()
        statuses = [Comment.Status.APPROVED] * 8 + [Comment.Status.PENDING, Comment.Status.SPAM]
        for start in range(0, count, BATCH):
            size = min(BATCH, count - start)
            Comment.objects.bulk_create(
                (
                    Comment(
                        article_id=rng.choice(article_ids),
                        author_name=f"{rng.choice(['Camille', 'Louis', 'Inès', 'Hugo', 'Léa', 'Nora'])} {number}",
                        author_email=f"lecteur{number}@example.org",
                        body=paragraph(rng),
                        status=rng.choice(statuses),
                        created_at=now - timedelta(minutes=rng.randint(1, 365 * 24 * 60)),
                    )
                    for number in range(start, start + size)
                ),
                batch_size=BATCH,
            )
            reset_queries()
            progress.update(start + size)
        progress.finish()
        # One statement for every article rather than one per comment (a subquery: no list of 100,000 ids).
        Comment.objects.recount(Article.objects.values("pk"))
