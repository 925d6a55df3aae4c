from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.querysets import ArticleQuerySet
from articles.reading_time import estimate_reading_time
from articles.sanitize import EDITOR_EXTENSIONS, sanitize_html
from articles.search import search_document
from articles.slugs import unique_slug
from articles.text import count_words, html_to_text, truncate_at_word
from articles.typography import apply_french_spacing, french_typography
from media_library import renditions
from media_library.uploads import UploadedImageField
from pagecache import changes

SEARCH_MAX_LENGTH = 200
META_DESCRIPTION_LENGTH = 160
# What readers see of an article: a change to any of these is a change of content
# (tags too, see tags_changed); a change of status, date or SEO field is not.
CONTENT_FIELDS = ("title", "standfirst", "body", "cover", "cover_alt", "author_id", "category_id")


class Category(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Shown at the top of the category page."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        help_text=_("Order in the site's navigation, smallest first."),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})

    @classmethod
    def for_navigation(cls):
        """All categories, as the header shows them; kept until the site changes."""
        return changes.kept("nav-categories", lambda: list(cls.objects.only("name", "slug")))


class Author(models.Model):
    """The public face of a writer: the "Qui suis-je ?" box and the author page."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text=_("The admin account that writes under this name, if any."),
    )
    name = models.CharField(_("public name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    bio = models.TextField(_("biography"), blank=True, help_text=_("Plain text, shown under each article."))
    avatar = UploadedImageField(_("avatar"), upload_to="authors/", blank=True)
    avatar_renditions = models.JSONField(_("avatar renditions"), default=dict, blank=True, editable=False)
    website = models.URLField(_("website"), blank=True)
    linkedin = models.URLField("LinkedIn", blank=True)
    x = models.URLField("X (Twitter)", blank=True)
    mastodon = models.URLField("Mastodon", blank=True)
    github = models.URLField("GitHub", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        obsolete = renditions.update(self, "avatar", "avatar_renditions", renditions.AVATAR)
        super().save(*args, **kwargs)
        renditions.delete_on_commit(self.avatar.storage, obsolete)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    @property
    def initials(self):
        return "".join(word[0] for word in self.name.split()[:2]).upper()

    def social_links(self):
        """(label, url) pairs of the links the author filled in."""
        candidates = [
            (_("Website"), self.website),
            ("LinkedIn", self.linkedin),
            ("X", self.x),
            ("Mastodon", self.mastodon),
            ("GitHub", self.github),
        ]
        return [(label, url) for label, url in candidates if url]


class TaggedArticle(TaggedItemBase):
    # A real foreign key instead of taggit's generic one: simple joins, real indexes.
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")]


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        # Scheduled is not a status: a published article whose date is to come.
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("The end of the article's address. Made from the title when left empty."),
    )
    standfirst = models.TextField(
        _("standfirst"),
        max_length=500,
        help_text=_("The short introduction shown under the title and in lists."),
    )
    body = ProseEditorField(_("body"), extensions=EDITOR_EXTENSIONS, sanitize=sanitize_html)
    cover = UploadedImageField(
        _("cover image"),
        upload_to="covers/%Y/%m/",
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
    )
    cover_renditions = models.JSONField(_("cover renditions"), default=dict, blank=True, editable=False)
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_alt = models.CharField(
        _("cover alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describes the image for people who cannot see it. Required with a cover."),
    )
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    tags = TaggableManager(verbose_name=_("tags"), through=TaggedArticle, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        help_text=_("A date in the future schedules the article: readers see it from then on."),
    )
    featured = models.BooleanField(_("featured"), default=False, help_text=_("Shown first on the home page."))
    # Kept in line with the body on every save (record_images_used below): the library's deletion guard reads it.
    media_images = models.ManyToManyField(
        "media_library.MediaImage",
        verbose_name=_("library images shown"),
        through="MediaImageUse",
        related_name="articles",
        blank=True,
        editable=False,
    )
    related_picks = models.ManyToManyField(
        "self",
        verbose_name=_("hand-picked related articles"),
        symmetrical=False,
        blank=True,
        help_text=_('Shown first under "Sur le même thème".'),
    )
    comments_open = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_("Untick to close the comments of this article. They may also close on their own after some days."),
    )
    comment_count = models.PositiveIntegerField(_("approved comments"), default=0, editable=False)
    seo_title = models.CharField(
        _("SEO title"),
        max_length=70,
        blank=True,
        help_text=_("Replaces the title in search engines."),
    )
    seo_description = models.CharField(
        _("SEO description"),
        max_length=160,
        blank=True,
        help_text=_("Replaces the standfirst in search engines."),
    )
    reading_time_override = models.PositiveSmallIntegerField(
        _("reading time (override)"),
        null=True,
        blank=True,
        help_text=_("In minutes. Leave empty to use the estimate computed from the body."),
    )
    reading_time = models.PositiveSmallIntegerField(_("reading time"), default=1, editable=False)
    word_count = models.PositiveIntegerField(_("word count"), default=0, editable=False)
    body_text = models.TextField(_("plain text"), blank=True, editable=False)
    # Title, standfirst and text folded (lower case, no accents) for search where the database has no
    # full-text search of its own: SQLite. Left empty on PostgreSQL (see articles/search.py).
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    content_changed_at = models.DateTimeField(
        _("content last changed"),
        default=timezone.now,
        editable=False,
        help_text=_("When readers last saw a change of text, image or tags; search engines are told this date."),
    )
    review_note = models.TextField(
        _("review note"),
        blank=True,
        help_text=_("From the editors to the writer: what to change before the article can be published."),
    )
    # One more at each save: a form loaded at version N refuses to save over N + 1 (articles/forms.py).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # Lists in their order, and their counts from the index alone (an index-only scan).
            models.Index(fields=["status", "-published_at", "-id"], name="article_visible_idx"),
            # Whether the articles of a tag are published, read from the index alone (tag pages, their counts).
            models.Index(fields=["id", "status", "published_at"], name="article_visibility_idx"),
            # The home page's featured article: a handful of rows among possibly a hundred thousand.
            models.Index(fields=["-published_at"], condition=Q(featured=True), name="article_featured_idx"),
        ]
        # Writing and submitting is "change"; publishing, scheduling and sending back is this.
        permissions = [("publish_article", _("Can publish, schedule and send back articles"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        self.derive(using=kwargs.get("using") or self._state.db)
        obsolete = renditions.update(self, "cover", "cover_renditions", renditions.COVER)
        if self.cover and not self.cover_width:
            # Stored now, or Django would open the file to measure it each time the row is loaded.
            self.cover_width, self.cover_height = self.cover.width, self.cover.height
        if self._content_changed():
            self.content_changed_at = timezone.now()
        # Readers cannot see a change before the article itself (a scheduled article's content dates from
        # its publication), nor one to come once it is public (a scheduled article published now: from now).
        latest = max(timezone.now(), self.published_at)
        self.content_changed_at = min(max(self.content_changed_at, self.published_at), latest)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "content_changed_at", "cover_renditions"}
        elif not self._state.adding:
            # Only full saves can overwrite an editor's work; a counter's update_fields save cannot.
            self.version += 1
        super().save(*args, **kwargs)
        renditions.delete_on_commit(self.cover.storage, obsolete)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def derive(self, using=None):
        """Compute what follows from the text: French typography, the sanitised body, its plain text,
        word count, search text and reading time. The one place it is computed: save() calls it, and
        bulk writers (generate_content) call it on each article before bulk_create()."""
        self.title = apply_french_spacing(self.title)
        self.standfirst = apply_french_spacing(self.standfirst)
        self.body = french_typography(sanitize_html(self.body))
        self.body_text = html_to_text(self.body)
        self.word_count = count_words(self.body_text)
        self.search_text = search_document(self.title, self.standfirst, self.body_text, using=using)
        self.reading_time = self.reading_time_override or estimate_reading_time(self.body)

    def _content_changed(self):
        """Whether readers would see something new compared with the stored row (always so for a new one)."""
        if self._state.adding:
            return True
        stored = Article.objects.filter(pk=self.pk).values(*CONTENT_FIELDS).first()
        return stored is None or any(getattr(self, name) != stored[name] for name in CONTENT_FIELDS)

    @staticmethod
    def visibility_conditions(now):
        """Where an article stands, as editors count them: each article matches exactly one condition.

        "published" is what readers see (ArticleQuerySet.published()); "scheduled" is
        published with a date to come.
        """
        published = Q(status=Article.Status.PUBLISHED)
        return {
            "draft": Q(status=Article.Status.DRAFT),
            "in_review": Q(status=Article.Status.IN_REVIEW),
            "scheduled": published & Q(published_at__gt=now),
            "published": published & Q(published_at__lte=now),
        }

    @property
    def meta_title(self):
        return self.seo_title or self.title

    @property
    def meta_description(self):
        """The SEO description when set, else the standfirst cut at a word: 160 characters at most."""
        return truncate_at_word(self.seo_description or self.standfirst, META_DESCRIPTION_LENGTH)

    @property
    def social_image(self):
        """The cover's 1200×630 image for social networks ({"url", "width", "height", "type"}), or None.

        The original cover stands in while it has no renditions.
        """
        if not self.cover:
            return None
        return renditions.social_image(self.cover, self.cover_renditions) or {
            "url": self.cover.url,
            "width": self.cover_width,
            "height": self.cover_height,
        }

    def clean(self):
        if self.cover and not self.cover_alt.strip():
            raise ValidationError({"cover_alt": _("Describe the cover image for readers who cannot see it.")})

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and not self.is_scheduled

    def comments_are_open(self):
        """Open unless closed by hand, or by COMMENTS_CLOSE_AFTER_DAYS after publication."""
        if not self.comments_open:
            return False
        days = settings.COMMENTS_CLOSE_AFTER_DAYS
        return not days or self.published_at + timedelta(days=days) > timezone.now()

    def get_visibility_display(self):
        if self.is_scheduled:
            return _("Scheduled")
        return self.get_status_display()


class MediaImageUse(models.Model):
    """An article that shows a library image: what the library's deletion guard lists."""

    image = models.ForeignKey(
        "media_library.MediaImage", verbose_name=_("image"), on_delete=models.CASCADE, related_name="uses"
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="media_image_uses"
    )

    class Meta:
        db_table = "media_library_mediaimageuse"  # made when the library kept it
        ordering = ["pk"]
        verbose_name = _("use in an article")
        verbose_name_plural = _("uses in articles")
        constraints = [models.UniqueConstraint(fields=["image", "article"], name="unique_media_image_use")]

    def __str__(self):
        return str(self.article)
