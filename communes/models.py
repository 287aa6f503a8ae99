"""Morocco's territorial collectivities (reference data) and the network's members."""

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from communes.extensions import MEMBER_PAGE_PANELS
from website.blocks import BodyBlock
from website.extensions import gather, parts_by_slot
from website.models import BasePage, ChildrenNameTheirParent
from website.text import fold


class Level(models.TextChoices):
    REGION = "region", _("Region")
    # The 75 prefectures and provinces: collectivities that can join the network.
    PROVINCE = "province", _("Prefecture or province")
    # The 8 préfectures d'arrondissements of Casablanca: reference data only, they cannot join.
    ARRONDISSEMENTS_PREFECTURE = "arrondissements_prefecture", _("Prefecture of arrondissements")
    COMMUNE = "commune", _("Commune")


class Kind(models.TextChoices):
    REGION = "region", _("Region")
    PREFECTURE = "prefecture", _("Prefecture")
    PROVINCE = "province", _("Province")
    ARRONDISSEMENTS_PREFECTURE = "prefecture_of_arrondissements", _("Prefecture of arrondissements")
    URBAN = "urban", _("Urban commune")
    RURAL = "rural", _("Rural commune")


JOINABLE_LEVELS = (Level.REGION, Level.PROVINCE, Level.COMMUNE)


class TerritoryQuerySet(models.QuerySet):
    def search(self, query: str, *, by_code: bool = False):
        """Territories by name in Arabic or Latin script, however it is accented or spelt; with
        `by_code`, also those whose HCP code starts with the query. (One code exactly, with the
        reason a collectivity cannot join: communes.services.find_territory.)"""
        folded = fold(query)
        if not folded:
            return self
        found = Q(search_text__contains=folded)
        if by_code:
            found |= Q(code__startswith=query)
        return self.filter(found)


class Territory(models.Model):
    """One of Morocco's 1,590 territorial collectivities (plus the 8 arrondissement prefectures)."""

    code = models.CharField(_("HCP code"), max_length=16, unique=True)
    code_digits = models.CharField(max_length=9, blank=True)
    level = models.CharField(_("level"), max_length=32, choices=Level.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    name_fr = models.CharField(_("name (Latin script)"), max_length=150)
    name_ar = models.CharField(_("name (Arabic script)"), max_length=150)
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=False)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=10, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    region = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"level": Level.REGION},
    )
    province = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"level": Level.PROVINCE},
    )
    population_2014 = models.PositiveIntegerField(_("population 2014"), null=True, blank=True)
    population_2024 = models.PositiveIntegerField(_("population 2024"), null=True, blank=True)
    households_2024 = models.PositiveIntegerField(null=True, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    # Both names folded (website.text.fold), for search in either script.
    search_text = models.CharField(max_length=400, editable=False, db_index=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territorial collectivity")
        verbose_name_plural = _("territorial collectivities")
        ordering: ClassVar[list[str]] = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name_fr} {self.name_ar}")
        super().save(*args, **kwargs)

    @staticmethod
    def name_field(language: str | None = None) -> str:
        """The field of the name in the script of a language (the active one by default): Arabic
        script for Arabic, Latin script for the other languages."""
        return "name_ar" if (language or get_language()) == "ar" else "name_fr"

    def name_in(self, language: str) -> str:
        """The name in the script of a language."""
        return getattr(self, self.name_field(language))

    @property
    def name(self) -> str:
        """The name in the script of the active language."""
        return self.name_in(get_language())

    @property
    def can_join(self) -> bool:
        return self.level in JOINABLE_LEVELS

    @property
    def is_urban(self) -> bool | None:
        if self.level != Level.COMMUNE:
            return None
        return self.kind == Kind.URBAN


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Member.Status.ACTIVE)

    def count_by_region(self) -> list[dict]:
        """Active members per region, every region listed (zero included), in two queries."""
        regions = {
            t.pk: {"code": t.code, "name_fr": t.name_fr, "name_ar": t.name_ar, "members": 0}
            for t in Territory.objects.filter(level=Level.REGION).order_by("code")
        }
        rows = self.active().values_list("territory_id", "territory__region_id").order_by()
        for territory_id, region_id in rows:
            # A region's own membership counts in itself.
            key = region_id or territory_id
            if key in regions:
                regions[key]["members"] += 1
        return list(regions.values())


class Member(models.Model):
    """A collectivity that joined the network: the key every member's data points to."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived (left the network)")

    territory = models.OneToOneField(Territory, on_delete=models.PROTECT, related_name="membership")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    staff_group = models.OneToOneField(
        "auth.Group", on_delete=models.PROTECT, related_name="staff_of", null=True, editable=False
    )
    moderator_group = models.OneToOneField(
        "auth.Group", on_delete=models.PROTECT, related_name="moderators_of", null=True, editable=False
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.PROTECT, related_name="member", null=True, editable=False
    )
    contact_email = models.EmailField(_("contact e-mail (a service address, not a person's)"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=32, blank=True)
    # Where the membership comes from: a public source for real members, or the demo loader.
    source_note = models.TextField(_("source of the membership"), blank=True)
    source_urls = models.TextField(_("source addresses"), blank=True)
    is_demo = models.BooleanField(_("demo member"), default=False)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering: ClassVar[list[str]] = ["territory__code"]

    def __str__(self) -> str:
        return str(self.territory)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def page_in(self, locale_or_language=None):
        """This member's page in a language (the active one by default), or None."""
        language = getattr(locale_or_language, "language_code", locale_or_language) or get_language()
        return self.pages.filter(locale__language_code=language).first()

    def source_url_list(self) -> list[str]:
        return self.source_urls.split()


class Follow(models.Model):
    """A person follows a member: they are told by e-mail when its phases open and close.

    Law 09-08: the purpose is declared where the button is; the person stops with one click, and
    deleting the account removes every follow (communes.wagtail_hooks, accounts.extensions).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        constraints: ClassVar[list] = [
            models.UniqueConstraint(fields=["user", "member"], name="communes_follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.member_id}"


class MemberPage(ChildrenNameTheirParent, BasePage):
    """A member of the network: its identity, and the root of its own page tree."""

    parent_page_types: ClassVar[list[str]] = ["website.HomePage"]
    # Its children say so themselves (their parent_page_types): the sections of the member's
    # space, those of communes and those the apps above add (communes.extensions.MEMBER_SECTIONS).

    # A ForeignKey, not a OneToOneField: each language has its own copy of this page.
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="pages")
    summary = models.TextField(_("summary"), blank=True)

    content_panels: ClassVar[list] = [
        *Page.content_panels,
        HelpPanel(content=_("Name, level, population and contact come from the network's records.")),
        FieldPanel("summary"),
    ]
    translatable_fields: ClassVar[list] = [
        *BasePage.translatable_fields,
        SynchronizedField("member"),  # identity never diverges between languages
        TranslatableField("summary"),
    ]
    search_fields: ClassVar[list] = [*Page.search_fields, index.SearchField("summary")]

    class Meta:
        verbose_name = _("member page")

    def clean(self):
        # One page per member and language. A database constraint cannot name `locale` (it lives
        # on wagtailcore_page); joining takes a lock, and this check covers the admin's forms.
        super().clean()
        twins = MemberPage.objects.filter(member_id=self.member_id, locale_id=self.locale_id).exclude(pk=self.pk)
        if self.member_id and twins.exists():
            raise ValidationError(_("This member already has a page in this language."))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        member = Member.objects.select_related(
            "territory__region", "territory__province", "territory__parent"
        ).get(pk=self.member_id)
        context["member"] = member
        context["territory"] = member.territory
        # Titles and addresses are all the page shows of its sections: no specific() fetch.
        context["sections"] = list(self.get_children().live().order_by("path"))
        context["latest_news"] = (
            NewsPage.objects.live().public().descendant_of(self)
            .select_related("member__territory").order_by("-date", "-pk")[:3]
        )
        # The cycle, the phase gate, the programme… come from the apps that hold them.
        context["panels"] = parts_by_slot(gather(MEMBER_PAGE_PANELS, request, member, self))
        return context


class MemberSectionPage(BasePage):
    """A section of a member's space: created when it joins, filled by its staff."""

    parent_page_types: ClassVar[list[str]] = ["communes.MemberPage"]
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels: ClassVar[list] = [*Page.content_panels, FieldPanel("introduction")]
    translatable_fields: ClassVar[list] = [*BasePage.translatable_fields, TranslatableField("introduction")]
    # 4 sections × 4 languages × 1,590 members titled "News", "Meetings"…: noise in the admin's
    # search, and a quarter of the cost of joining. Their content is found through its pages.
    search_fields: ClassVar[list] = []

    class Meta:
        abstract = True

    def get_member_page(self) -> MemberPage | None:
        return MemberPage.objects.ancestor_of(self).first()


class NewsIndexPage(MemberSectionPage):
    """A member's news."""

    subpage_types: ClassVar[list[str]] = ["communes.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = (
            NewsPage.objects.live().public().child_of(self)
            .select_related("member__territory").order_by("-date", "-pk")
        )
        return context


class MeetingIndexPage(MemberSectionPage):
    """A member's public meetings (filled by a later issue)."""

    subpage_types: ClassVar[list[str]] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("meetings index")


class DocumentIndexPage(MemberSectionPage):
    """A member's public documents (filled by a later issue)."""

    subpage_types: ClassVar[list[str]] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("documents index")


class NewsPage(BasePage):
    """One news item of a member."""

    parent_page_types: ClassVar[list[str]] = ["communes.NewsIndexPage"]
    subpage_types: ClassVar[list[str]] = []

    # Filled from the tree on save (blank so that the admin form validates before that).
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="news_pages", editable=False, blank=True
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, use_json_field=True, verbose_name=_("body"))
    # Demo content is marked as such wherever it shows.
    is_demo = models.BooleanField(default=False, editable=False)

    content_panels: ClassVar[list] = [
        *Page.content_panels, FieldPanel("date"), FieldPanel("introduction"), FieldPanel("body"),
    ]
    translatable_fields: ClassVar[list] = [
        *BasePage.translatable_fields,
        SynchronizedField("date"),
        TranslatableField("introduction"),
        TranslatableField("body"),
    ]
    search_fields: ClassVar[list] = [*Page.search_fields, index.SearchField("introduction")]

    class Meta:
        verbose_name = _("news item")

    def save(self, *args, **kwargs):
        # The member comes from the tree, never from a form.
        if not self.member_id and self.path:
            ancestor_paths = [self.path[:i] for i in range(self.steplen, len(self.path), self.steplen)]
            self.member_id = (
                MemberPage.objects.filter(path__in=ancestor_paths).values_list("member_id", flat=True).first()
            )
        super().save(*args, **kwargs)
