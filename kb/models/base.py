"""Pieces every Kenes model shares: timestamps, the published state, slugs as natural keys."""

from functools import lru_cache
from urllib.parse import quote

from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# visible_q is re-exported for code written before kb/visibility.py; import it from there.
from kb.visibility import is_staff, visible_q  # noqa: F401


def fast_reverse(viewname: str, *args: str | int) -> str:
    """`reverse(viewname, args=args)` for the links a page repeats, without the URL resolver.

    A list page links 25 to 100 records and a survey page 60 citation files; `reverse()` walks
    the resolver for each (a fifth of a topic page's time). Here the pattern is reversed once per
    view name, argument types and script prefix, with placeholders that the converters accept
    (slug, str, int), and each call fills them in, quoted as `reverse()` quotes them. Arguments
    come from the database (slugs, numbers), so they are not checked against the pattern again.
    """
    kinds = tuple(int if isinstance(arg, int) else str for arg in args)
    # The language too: a page's links carry its language's prefix (/ru/, /kk/; config/urls.py).
    pattern = _url_pattern(viewname, kinds, get_script_prefix(), get_language())
    return pattern.format(*(quote(str(arg), safe=URL_SAFE) for arg in args))


def slug_url(viewname: str, slug: str) -> str:
    """The page of a record addressed by its slug (`get_absolute_url`)."""
    return fast_reverse(viewname, slug)


# What reverse() leaves unquoted in a URL (django.urls.resolvers).
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"


@lru_cache(maxsize=128)
def _url_pattern(viewname: str, kinds: tuple, script_prefix: str, language: str | None) -> str:
    placeholders = [
        str(9_876_543_210 + i) if kind is int else f"kenes-placeholder-{i}"
        for i, kind in enumerate(kinds)
    ]
    url = reverse(viewname, args=placeholders).replace("{", "{{").replace("}", "}}")
    for placeholder in placeholders:
        head, found, tail = url.partition(placeholder)
        if not found:
            raise ValueError(f"{viewname}: cannot build a pattern for arguments {kinds}")
        url = f"{head}{{}}{tail}"
    return url


@receiver(setting_changed)
def _forget_url_patterns(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _url_pattern.cache_clear()


def in_parent_order(queryset: models.QuerySet) -> models.QuerySet:
    """A child model's Meta.ordering without its leading parent field, for a prefetch from it.

    `EventPerson` orders by ("event", "position", "pk"): ordering by a relation sorts by the
    related model's own ordering, so SQL joins kb_event and sorts by its date and title. A
    prefetch from one event (or a page of them) groups the rows by parent anyway; ordering
    within the parent gives the same lists without the join (a third of a survey page's
    query-building time).
    """
    return queryset.order_by(*queryset.model._meta.ordering[1:])


# What a list row needs of a related record: its name and link. List pages load only these
# (`only()`), which halves their rendering time on a large corpus.
CARD_FIELDS = ("slug", "published")


def with_languages(model, *lookups: str) -> list[str]:
    """`only()` arguments plus each language's column of a translated field across a relation.

    A registered model's own `only()` does this (modeltranslation); a link row's (EventOrganization)
    does not, and without them each row's name would cost a query of its own.
    """
    from django.conf import settings

    from kb.translation import TRANSLATED_FIELDS

    out = []
    for lookup in lookups:
        out.append(lookup)
        *path, last = lookup.split("__")
        target = model
        for name in path:
            target = target._meta.get_field(name).related_model
        if last in TRANSLATED_FIELDS.get(target, ()):
            out += [f"{lookup}_{code}" for code, _ in settings.LANGUAGES]
    return out


def card_fields(path: str, *names: str) -> list[str]:
    """`only()` arguments for a related record reached through `path`, plus the link itself."""
    return [path, *(f"{path}__{name}" for name in (*CARD_FIELDS, *names))]


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    # The fields a list row (a "card") shows; `cards()` loads only those.
    card_only: tuple[str, ...] = ()

    def cards(self):
        """Only what a list row shows: a 30,000-row corpus pages faster without bios and texts."""
        return self.only(*self.card_only) if self.card_only else self

    def visible_to(self, user):
        """Staff see drafts too; everyone else sees only what is published."""
        if is_staff(user):
            return self.all()
        return self.published()


class SlugManager(models.Manager):
    """Natural keys by slug, so fixtures load onto an existing database without duplicates."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)

    class Meta:
        abstract = True


class PublishableModel(TimeStampedModel):
    published = models.BooleanField(
        "published",
        default=False,
        db_index=True,
        help_text=_("Only published records appear on public pages, in search, feeds and the API."),
    )
    slug = models.SlugField(
        "slug",
        max_length=120,
        unique=True,
        help_text=_("The last part of the page address; keep it stable once published."),
    )

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)
