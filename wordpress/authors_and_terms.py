"""The import of authors (with an inactive account each), categories and tags.

Identity follows WordPress, never a name: an author is its login (then its
e-mail address), a category or a tag its WordPress slug. Two writers or two
terms that WordPress tells apart stay apart in Refbax, whatever their names
give as slugs; when one's name or address is already taken, the report names both.
"""

from urllib.parse import unquote

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag

from articles.models import Author, Category
from articles.slugs import french_slugify, unique_slug_from
from articles.text import html_to_text
from wordpress.export import Term
from wordpress.models import ImportedItem
from wordpress.values import plain, valid_email

PAGES_CATEGORY = ("Pages", "pages")
FALLBACK_CATEGORY = ("Non classé", "non-classe")
# WordPress's default category: a post filed under it and a real one belongs to the real one.
DEFAULT_CATEGORY_SLUGS = {"uncategorized", "non-classe"}
_username_validator = UnicodeUsernameValidator()
# Authors, categories, tags and posts alike: both names in the report.
TAKEN_ADDRESS = gettext_lazy("the address “%(wanted)s” is already taken by “%(other)s”: imported as “%(slug)s”")


class AuthorsAndTermsImport:
    """Part of wordpress.importer.Importer."""

    # --- authors ---------------------------------------------------------------------------

    def _author(self, wp_author):
        login = wp_author.login
        if login in self.authors:
            return self.authors[login]
        record = self._record(ImportedItem.Kind.AUTHOR, login)
        author = Author.objects.filter(pk=record.object_id).first() if record else None
        if author is None:
            author = self._matching_author(wp_author)
            if author is None:
                author = self._new_author(wp_author)
                self.report.count("authors", "imported")
            else:
                self.report.count("authors", "unchanged")
            self._remember(ImportedItem.Kind.AUTHOR, login, author, record=record)
        else:
            self.report.count("authors", "unchanged")
        self.authors[login] = author
        if login:  # WordPress's author page: /author/<login made into a slug>/
            self._redirect(f"/author/{french_slugify(login, 100)}/", author.get_absolute_url())
        return author

    @staticmethod
    def _public_name(wp_author):
        full_name = f"{wp_author.first_name} {wp_author.last_name}".strip()
        return (plain(wp_author.display_name) or full_name or wp_author.login or "Rédaction")[:100]

    def _matching_author(self, wp_author):
        """The Refbax author who already is this writer: the account with the same login, else the same e-mail.

        Never by name: two writers may share one, and names in other scripts once all made the same slug.
        """
        for user in self._matching_accounts(wp_author):
            if author := Author.objects.filter(user=user).first():
                return author
        return None

    @staticmethod
    def _matching_accounts(wp_author):
        User = get_user_model()
        if wp_author.login and (user := User.objects.filter(username=wp_author.login).first()):
            yield user
        email = valid_email(wp_author.email)
        if email and (user := User.objects.filter(email__iexact=email).order_by("pk").first()):
            yield user

    def _new_author(self, wp_author):
        name = self._public_name(wp_author)
        author = Author(name=name, bio=html_to_text(wp_author.description), user=self._account(wp_author))
        wanted = french_slugify(name, Author._meta.get_field("slug").max_length - 6)
        author.slug = unique_slug_from(author, wanted)
        if author.slug != wanted:
            other = Author.objects.get(slug=wanted)
            self.report.problem(
                "author",
                _("“%(name)s” (login %(login)s)") % {"name": name, "login": wp_author.login or "—"},
                TAKEN_ADDRESS % {"wanted": wanted, "other": other.name, "slug": author.slug},
            )
        author.save()
        return author

    def _account(self, wp_author):
        """The writer's account: an existing one without profile, or a new inactive one that cannot log in."""
        for user in self._matching_accounts(wp_author):
            if not Author.objects.filter(user=user).exists():
                return user
        login = wp_author.login
        try:
            _username_validator(login)
        except ValidationError:
            return None
        User = get_user_model()
        if len(login) > User._meta.get_field("username").max_length or User.objects.filter(username=login).exists():
            return None
        user = User(
            username=login,
            email=valid_email(wp_author.email),
            first_name=plain(wp_author.first_name)[:150],
            last_name=plain(wp_author.last_name)[:150],
            is_active=False,
        )
        user.set_unusable_password()
        user.save()
        self.accounts_created += 1
        return user

    # --- categories ------------------------------------------------------------------------

    def _categories(self, terms):
        self.category_terms = {term.slug: term for term in terms if term.slug}
        sub_categories = []
        for term in self.category_terms.values():
            if self._top_slug(term.slug) == term.slug:
                self._category(term)
            else:
                sub_categories.append(term)
        for term in sub_categories:
            tag = self._tag(term.name or unquote(term.slug), term.slug)
            self._redirect(f"/category/{self._category_path(term.slug)}/", reverse("articles:tag", args=[tag.slug]))
            self.report.count("categories", "skipped")
        if sub_categories:
            names = ", ".join(term.name for term in sub_categories)
            self.report.note(_("Sub-categories made into tags (their posts are in the top category): %s.") % names)

    def _ancestors(self, slug):
        """`slug` and its parents, up to the top-level category (a loop in the export stops the climb)."""
        chain = [slug]
        while (term := self.category_terms.get(chain[-1])) and term.parent_slug and term.parent_slug not in chain:
            if term.parent_slug not in self.category_terms:
                break
            chain.append(term.parent_slug)
        return chain

    def _top_slug(self, slug):
        return self._ancestors(slug)[-1]

    def _category_path(self, slug):
        return "/".join(unquote(part) for part in reversed(self._ancestors(slug)))

    def _category(self, term):
        if term.slug in self.categories:
            return self.categories[term.slug]
        record = self._record(ImportedItem.Kind.CATEGORY, term.slug)
        category = Category.objects.filter(pk=record.object_id).first() if record else None
        if category is None:
            name = (plain(term.name) or unquote(term.slug))[:80]
            category = self._unclaimed(Category, ImportedItem.Kind.CATEGORY, term.slug)
            if category is None:
                category = Category(description=html_to_text(term.description))
                self._name_and_slug(category, "category", name, term.slug)
                category.save()
                self.report.count("categories", "imported")
            else:
                self.report.count("categories", "unchanged")
            self._remember(ImportedItem.Kind.CATEGORY, term.slug, category, record=record)
        else:
            self.report.count("categories", "unchanged")
        self.categories[term.slug] = category
        self._redirect(f"/category/{unquote(term.slug)}/", category.get_absolute_url())
        return category

    def _unclaimed(self, model, kind, wp_slug):
        """The row of `model` whose slug is the one the WordPress slug makes, unless it already is another term's.

        A category made in Refbax before the import (the same address) becomes the WordPress one;
        one that an earlier import gave to another WordPress term does not.
        """
        slug = french_slugify(unquote(wp_slug), model._meta.get_field("slug").max_length - 6)
        found = model.objects.filter(slug=slug).first()
        if found is None:
            return None
        claimed = ImportedItem.objects.filter(site=self.site, kind=kind, object_id=found.pk).exclude(wp_id=wp_slug)
        claimed_now = found in (self.categories if kind == ImportedItem.Kind.CATEGORY else self.tags).values()
        return None if claimed.exists() or claimed_now else found

    def _name_and_slug(self, row, kind, name, wp_slug):
        """Give a new category or tag its name and slug; both are unique, so a clash is reported with both names."""
        model = type(row)
        label = f"«\u00a0{name}\u00a0» ({unquote(wp_slug) or '—'})"
        if other := model.objects.filter(name__iexact=name).first():
            row.name = f"{name} ({unquote(wp_slug)})"[: model._meta.get_field("name").max_length]
            self.report.problem(
                kind,
                label,
                _("the name “%(name)s” is already taken (address “%(other)s”): imported as “%(new)s”")
                % {"name": other.name, "other": other.slug, "new": row.name},
            )
        else:
            row.name = name
        wanted = french_slugify(unquote(wp_slug) or name, model._meta.get_field("slug").max_length - 6)
        row.slug = unique_slug_from(row, wanted)
        if row.slug != wanted:
            other = model.objects.get(slug=wanted)
            self.report.problem(
                kind,
                label,
                TAKEN_ADDRESS % {"wanted": wanted, "other": other.name, "slug": row.slug},
            )

    def _fixed_category(self, name, slug):
        """A category the import needs ("Pages", "Non classé"): found by slug or name, else made."""
        if slug not in self.categories:
            category = Category.objects.filter(slug=slug).first() or Category.objects.filter(name__iexact=name).first()
            if category is None:
                category = Category.objects.create(name=name, slug=slug)
                self.report.count("categories", "imported")
            else:
                self.report.count("categories", "unchanged")
            self.categories[slug] = category
        return self.categories[slug]

    # --- tags ------------------------------------------------------------------------------

    def _tag(self, name, wp_slug="", *, count=False):
        """The Refbax tag of the WordPress term `wp_slug` (a tag, or a category made a tag)."""
        name = plain(name)[:100] or unquote(wp_slug)[:100]
        key = wp_slug or french_slugify(name, 94)
        if key in self.tags:
            return self.tags[key]
        record = self._record(ImportedItem.Kind.TAG, key)
        tag = Tag.objects.filter(pk=record.object_id).first() if record else None
        if tag is None:
            tag = self._unclaimed(Tag, ImportedItem.Kind.TAG, key)
            if tag is None:
                tag = Tag()
                self._name_and_slug(tag, "tag", name, key)
                tag.save()
                self.report.count("tags", "imported")
            elif count:
                self.report.count("tags", "unchanged")
            self._remember(ImportedItem.Kind.TAG, key, tag, record=record)
        elif count:
            self.report.count("tags", "unchanged")
        self.tags[key] = tag
        if wp_slug:
            self._redirect(f"/tag/{unquote(wp_slug)}/", reverse("articles:tag", args=[tag.slug]))
        return tag

    def _classify(self, item):
        """(category, tags) of an item: one top-level category, everything else as tags."""
        tags = [self._tag(term.name, term.slug) for term in item.terms if term.domain in {"post_tag", "tag"}]
        if item.post_type == "page":
            return self._fixed_category(*PAGES_CATEGORY), tags
        slugs = [term.slug for term in item.terms if term.domain == "category" and term.slug]
        for term in item.terms:  # categories the export did not declare (a partial export)
            if term.domain == "category" and term.slug and term.slug not in self.category_terms:
                self.category_terms[term.slug] = Term(slug=term.slug, name=term.name)
        if not slugs:
            return self._fixed_category(*FALLBACK_CATEGORY), tags
        primary_id = item.meta.get("_yoast_wpseo_primary_category", "").strip()
        primary = next((slug for slug in slugs if str(self.category_terms[slug].term_id) == primary_id), None)
        real = [slug for slug in slugs if slug not in DEFAULT_CATEGORY_SLUGS]
        top = self._top_slug(primary or (real or slugs)[0])
        category = self._category(self.category_terms[top])
        for slug in slugs:
            if slug != top and slug not in DEFAULT_CATEGORY_SLUGS:  # a sub-category or a second category
                tags.append(self._tag(self.category_terms[slug].name or unquote(slug), slug))
        return category, list(dict.fromkeys(tags))
