"""Joining and leaving the network: one transaction each, idempotent."""

import uuid

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, PageLogEntry
from wagtail.signal_handlers import disable_reference_index_auto_update

from communes.extensions import STAFF_ROLE, granted, member_sections
from communes.models import Member, MemberPage, Territory

# Page permissions a member's staff hold on each language copy of their member page. No
# bulk delete: the member page and its sections stay (see wagtail_hooks).
STAFF_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
# History entries of joining and leaving (on the member; on each page leaving takes offline).
JOINED_NETWORK = "communes.member.join"
LEFT_NETWORK = "communes.member.leave"
# Model permissions of the staff group: enter the admin, and translate their pages with
# wagtail-localize. Taken back when the member leaves.
STAFF_MODEL_PERMISSIONS = (("wagtailadmin", "access_admin"), ("wagtail_localize", "submit_translation"))


def staff_model_permissions() -> list[tuple[str, str]]:
    """The staff group's model permissions: the admin's and translation, and those the apps above
    grant to staff (communes.extensions.ROLE_PERMISSIONS)."""
    return [*STAFF_MODEL_PERMISSIONS, *granted(STAFF_ROLE)]
# Collection permissions on the member's own collection.
STAFF_MEDIA_PERMISSIONS = (
    ("wagtailimages", "add_image"), ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"), ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"), ("wagtaildocs", "choose_document"),
)


class JoinError(ValueError):
    """A collectivity that cannot join: unknown code, or not a collectivity that can."""


def find_territory(code: str) -> Territory:
    code = (code or "").strip()
    territory = Territory.objects.filter(code=code).first()
    if territory is None:
        raise JoinError(_("Unknown code “%(code)s”: no territorial collectivity has it.") % {"code": code})
    if not territory.can_join:
        raise JoinError(
            _("“%(name)s” (%(code)s) is a prefecture of arrondissements, not a territorial "
              "collectivity: it cannot join the network.") % {"name": territory.name_fr, "code": code}
        )
    return territory


def _home_pages() -> list[Page]:
    """The network's home page in every language, locked: concurrent add_child calls under one
    parent would otherwise compute the same tree path."""
    home_model = apps.get_model("website", "HomePage")
    ids = list(home_model.objects.values_list("pk", flat=True))
    locked = list(Page.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if not locked:
        raise JoinError(_("The network has no home page yet: run “manage.py setup_network” first."))
    return [page.specific for page in locked]


def _member_collection(member: Member) -> Collection:
    if member.collection_id:
        return member.collection
    root = Collection.objects.select_for_update().get(pk=Collection.get_first_root_node().pk)
    territory = member.territory
    # Appended, not inserted in name order: Collection sorts its children by name, and treebeard's
    # sorted insert rewrites the path of every later sibling, one UPDATE each, so joining grew
    # slower with every member (hundreds of UPDATEs per join at 1,590 members).
    last = root.get_last_child()
    collection = Collection(
        name=f"{territory.name_fr} ({territory.code})", depth=root.depth + 1,
        path=last._inc_path() if last else Collection._get_path(root.path, root.depth + 1, 1),
    )
    collection.save()
    Collection.objects.filter(pk=root.pk).update(numchild=F("numchild") + 1)
    return collection


def _groups(member: Member) -> tuple[Group, Group]:
    territory = member.territory
    staff, _created = Group.objects.get_or_create(name=f"Staff: {territory.name_fr} ({territory.code})")
    moderators, _created = Group.objects.get_or_create(name=f"Moderators: {territory.name_fr} ({territory.code})")
    return staff, moderators


def _ensure_pages(member: Member, homes: list[Page]) -> list[MemberPage]:
    """The member page and its sections in every language, sharing translation keys.

    New pages are added as drafts, which Wagtail validates by title and slug only (a full
    validation costs seven queries a page, for values built here), then go live together.
    """
    territory = member.territory
    existing = {page.locale_id: page for page in MemberPage.objects.filter(member=member)}
    existing_ids = {page.pk for page in existing.values()}
    translation_key = next(iter(existing.values())).translation_key if existing else uuid.uuid4()
    section_keys = _section_translation_keys(existing.values())
    pages, created = [], []
    for home in homes:
        language = home.locale.language_code
        page = existing.get(home.locale_id)
        if page is None:
            page = home.add_child(instance=MemberPage(
                title=territory.name_in(language), slug=territory.slug, member=member,
                locale_id=home.locale_id, translation_key=translation_key, live=False,
            ))
            created.append(page.pk)
        pages.append(page)
        present = set() if page.pk not in existing_ids else set(
            page.get_children().values_list("content_type__app_label", "content_type__model")
        )
        with translation.override(language):
            for section in member_sections():
                model = section.model
                if (model._meta.app_label, model._meta.model_name) in present:
                    continue
                created.append(page.add_child(instance=model(
                    title=str(section.title), slug=section.slug, locale_id=home.locale_id,
                    translation_key=section_keys.setdefault(section.label, uuid.uuid4()), live=False,
                )).pk)
    now = timezone.now()
    Page.objects.filter(pk__in=created).update(live=True, first_published_at=now, last_published_at=now)
    for page in pages:
        page.live = page.live or page.pk in created
    return pages


def _section_translation_keys(member_pages) -> dict:
    keys = {}
    for page in member_pages:
        for child in page.get_children().select_related("content_type"):
            label = f"{child.content_type.app_label}.{child.content_type.model_class().__name__}"
            keys.setdefault(label, child.translation_key)
    return keys


def model_permissions(pairs) -> list[Permission]:
    """The permissions named by (app label, codename) pairs, in one query."""
    return list(Permission.objects.filter(Q(*[
        Q(content_type__app_label=app, codename=codename) for app, codename in pairs
    ], _connector=Q.OR)))


def _grant(member: Member, pages: list[MemberPage]) -> None:
    staff = member.staff_group
    staff.permissions.add(*model_permissions(staff_model_permissions()))
    page_permissions = list(Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=STAFF_PAGE_PERMISSIONS
    ))
    held = set(GroupPagePermission.objects.filter(group=staff).values_list("page_id", "permission_id"))
    GroupPagePermission.objects.bulk_create([
        GroupPagePermission(group=staff, page=page, permission=permission)
        for page in pages for permission in page_permissions
        if (page.pk, permission.pk) not in held
    ])
    media_permissions = model_permissions(STAFF_MEDIA_PERMISSIONS)
    held_media = set(GroupCollectionPermission.objects.filter(
        group=staff, collection=member.collection
    ).values_list("permission_id", flat=True))
    GroupCollectionPermission.objects.bulk_create([
        GroupCollectionPermission(group=staff, collection=member.collection, permission=permission)
        for permission in media_permissions if permission.pk not in held_media
    ])


def _revoke(member: Member) -> None:
    if member.staff_group_id:
        GroupPagePermission.objects.filter(group=member.staff_group).delete()
        GroupCollectionPermission.objects.filter(group=member.staff_group).delete()
        # Without pages to edit, the admin is no place for them either (joining gives it back).
        member.staff_group.permissions.remove(*model_permissions(staff_model_permissions()))


def join_network(code: str, *, joined_on=None, source_note: str = "", source_urls: str = "",
                 is_demo: bool = False) -> Member:
    """Make a collectivity a member: its pages in every language, groups, collection, rights.

    Idempotent: joining a member again completes whatever is missing and changes nothing else;
    joining an archived member brings it back. Joining and coming back are logged on the member
    (by the admin request's user, or by nobody for a command); a member joining again is not.
    """
    territory = find_territory(code)
    with transaction.atomic():
        homes = _home_pages()
        member, created = Member.objects.select_for_update().get_or_create(
            territory=territory,
            defaults={
                "joined_on": joined_on or timezone.localdate(), "source_note": source_note,
                "source_urls": source_urls, "is_demo": is_demo,
            },
        )
        rejoining = member.status == Member.Status.ARCHIVED
        if rejoining:
            member.status, member.archived_on = Member.Status.ACTIVE, None
        if not member.staff_group_id or not member.moderator_group_id:
            member.staff_group, member.moderator_group = _groups(member)
        if not member.collection_id:
            member.collection = _member_collection(member)
        member.save()
        # The new pages hold a title and nothing that refers to another object: there is no
        # reference to index (Wagtail indexes them when staff first save them).
        with disable_reference_index_auto_update():
            pages = _ensure_pages(member, homes)
        _grant(member, pages)
        if rejoining:
            _bring_back_online(member)
        if created or rejoining:
            log(instance=member, action=JOINED_NETWORK)
    return member


def leave_network(member: Member) -> Member:
    """Archive a member: its pages go offline, its staff lose their rights; nothing is deleted.
    Logged on the member and on each page taken offline; leaving twice changes and logs nothing."""
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        if member.status == Member.Status.ARCHIVED:
            return member
        member.status, member.archived_on = Member.Status.ARCHIVED, timezone.localdate()
        member.save(update_fields=["status", "archived_on"])
        # Every page of the member's space goes offline (a child of an unpublished page would
        # still be served); revisions stay. Each says so in its history, so that joining again
        # brings back these pages and only these, not those staff had unpublished themselves.
        taken_offline = list(_subtree(member).live())
        Page.objects.filter(pk__in=[page.pk for page in taken_offline]).update(live=False)
        for page in taken_offline:
            log(instance=page, action=LEFT_NETWORK)
        _revoke(member)
        log(instance=member, action=LEFT_NETWORK)
    return member


def _subtree(member: Member):
    """The member's pages in every language, with everything below them."""
    paths = list(MemberPage.objects.filter(member=member).values_list("path", flat=True))
    if not paths:
        return Page.objects.none()  # an empty OR would match every page of the site
    return Page.objects.filter(Q(*[Q(path__startswith=path) for path in paths], _connector=Q.OR))


def _bring_back_online(member: Member) -> None:
    """Pages that the member's leaving took offline, and that nobody touched since, go online."""
    latest_action = (
        PageLogEntry.objects.filter(page=OuterRef("pk")).order_by("-timestamp", "-pk").values("action")[:1]
    )
    ids = list(
        _subtree(member).filter(live=False).annotate(latest_action=Subquery(latest_action))
        .filter(latest_action=LEFT_NETWORK).values_list("pk", flat=True)
    )
    Page.objects.filter(pk__in=ids).update(live=True)


def refresh_planner_statistics() -> None:
    """After joining many members at once: let PostgreSQL's planner see the grown tree now
    rather than at autovacuum's next pass (stale statistics make Wagtail's permission
    queries pick plans that take seconds)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE wagtailcore_page, wagtailcore_grouppagepermission, communes_member")
