"""What part of the network a user may see in the admin: derived from Wagtail's own permissions.

A member's staff hold page permissions on their member's pages (one per language) and collection
permissions on its collection; coordinators hold them on the home pages and the root collection.
Everything else is out of scope, and the admin answers it with 404 (DESIGN §4.3).
"""

import os

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from taggit.models import Tag, TaggedItem
from wagtail.documents import get_document_model
from wagtail.documents.permissions import permission_policy as document_policy
from wagtail.images import get_image_model
from wagtail.images.permissions import permission_policy as image_policy
from wagtail.models import Page, PageLogEntry, get_page_models
from wagtail.permission_policies.pages import PagePermissionPolicy

from communes.extensions import member_sections
from communes.permissions import is_coordinator, served_members

MEDIA_ACTIONS = ["add", "change", "delete", "choose"]
PAGE_ACTIONS = ["add", "change", "publish", "bulk_delete", "lock", "unlock"]


def explorable_pages(user) -> QuerySet:
    """Pages the user may see in the admin: their subtrees and the ancestors leading to them."""
    return PagePermissionPolicy().explorable_instances(user)


def _permission_paths(user) -> tuple[list[str], list[str]]:
    """Tree paths of the pages the user holds permissions on: (with an explore action, all).

    Read from Wagtail's per-request cache of the user's permission rows: checking one page
    against them costs no query, where `explorable_pages(user).filter(pk=…)` builds a query with
    one clause per permission row.
    """
    policy = PagePermissionPolicy()
    codenames = {f"{action}_page" for action in PAGE_ACTIONS}
    rows = list(policy.get_cached_permissions_for_user(user))
    explore = [row.page.path for row in rows if row.permission.codename in codenames]
    return explore, [row.page.path for row in rows]


def _common_ancestor_path(paths: list[str]) -> str:
    # Character by character on purpose: a tree path is a string of fixed-width steps.
    prefix = os.path.commonprefix(paths)  # noqa: RUF071
    return prefix[: len(prefix) - len(prefix) % Page.steplen]


def path_in_scope(user, path: str) -> bool:
    """The same answer as `explorable_pages(user)`, for one page known by its tree path."""
    if user.is_superuser:
        return True
    explore, all_paths = _permission_paths(user)
    if any(path.startswith(root) for root in explore):
        return True
    # An ancestor of a page they hold permissions on, below those pages' common ancestor.
    below_common_ancestor = path.startswith(_common_ancestor_path(all_paths))
    return below_common_ancestor and any(p.startswith(path) for p in all_paths)


def _path_of(page_id: int) -> str | None:
    return Page.objects.filter(pk=page_id).values_list("path", flat=True).first()


def page_in_scope(user, page_id: int) -> bool:
    if user.is_superuser:
        return True
    path = _path_of(page_id)
    return path is not None and path_in_scope(user, path)


def own_pages(user) -> QuerySet:
    """Pages inside the subtrees the user holds permissions on (their ancestors excluded)."""
    if user.is_superuser:
        return Page.objects.all()
    roots = _permission_paths(user)[0]
    if not roots:
        return Page.objects.none()
    return Page.objects.filter(Q(*[Q(path__startswith=root) for root in roots], _connector=Q.OR))


def page_in_own_subtree(user, page_id: int) -> bool:
    """Inside the subtrees the user holds permissions on (their ancestors excluded)."""
    if user.is_superuser:
        return True
    path = _path_of(page_id)
    return path is not None and any(path.startswith(root) for root in _permission_paths(user)[0])


def translation_key_in_scope(user, translation_key) -> bool:
    """A page known by its translation key (wagtail-localize's URLs): in scope if a copy is."""
    if user.is_superuser:
        return True
    paths = Page.objects.filter(translation_key=translation_key).values_list("path", flat=True)
    return any(path_in_scope(user, path) for path in paths)


def images_in_scope(user) -> QuerySet:
    return image_policy.instances_user_has_any_permission_for(user, MEDIA_ACTIONS)


def documents_in_scope(user) -> QuerySet:
    return document_policy.instances_user_has_any_permission_for(user, MEDIA_ACTIONS)


def image_in_scope(user, image_id: int) -> bool:
    if user.is_superuser:
        return True
    return images_in_scope(user).filter(pk=image_id).exists()


def document_in_scope(user, document_id: int) -> bool:
    if user.is_superuser:
        return True
    return documents_in_scope(user).filter(pk=document_id).exists()


def _tagged_items_in_scope(user) -> QuerySet:
    """taggit's shared tag links of what the user works on: their media and their own pages.

    Every member's tags live in one table; a link to any other kind of object is left out.
    """
    types = ContentType.objects  # cached per process: no query after the first request
    page_types = types.get_for_models(*get_page_models()).values()
    return TaggedItem.objects.filter(
        Q(content_type=types.get_for_model(get_image_model()),
          object_id__in=images_in_scope(user).values("pk"))
        | Q(content_type=types.get_for_model(get_document_model()),
            object_id__in=documents_in_scope(user).values("pk"))
        | Q(content_type__in=page_types, object_id__in=own_pages(user).values("pk"))
    )


def tags_in_scope(user) -> QuerySet:
    """The tags used on what the user works on (all tags for coordinators)."""
    if is_coordinator(user):
        return Tag.objects.all()
    return Tag.objects.filter(pk__in=_tagged_items_in_scope(user).values("tag_id"))


def popular_tags_in_scope(user, model, count: int = 10) -> QuerySet:
    """The model's most used tags, counted on the objects in the user's scope alone."""
    items = TaggedItem.objects.all() if is_coordinator(user) else _tagged_items_in_scope(user)
    items = items.filter(content_type=ContentType.objects.get_for_model(model))
    return (Tag.objects.filter(taggit_taggeditem_items__in=items)
            .annotate(item_count=Count("taggit_taggeditem_items"))
            .order_by("-item_count", "name")[:count])


def members_in_scope(user) -> QuerySet:
    """Members whose data the user may see: all for coordinators, else those they serve."""
    if is_coordinator(user):
        return apps.get_model("communes", "Member").objects.all()
    return served_members(user)


def member_in_scope(user, member_id: int) -> bool:
    if is_coordinator(user):
        return True
    return members_in_scope(user).filter(pk=member_id).exists()


def people_in_scope(user) -> QuerySet:
    """People the admin may name to a user (in filters of users): all for coordinators; else the
    staff and moderators of their members, and whoever owns, edited or locked their pages."""
    user_model = get_user_model()
    if is_coordinator(user):
        return user_model.objects.all()
    if not user.is_authenticated:
        return user_model.objects.none()
    members = members_in_scope(user)
    in_their_groups = user_model.groups.through.objects.filter(
        Q(group__in=members.values("staff_group")) | Q(group__in=members.values("moderator_group"))
    )
    pages = own_pages(user)
    return user_model.objects.filter(
        Q(pk=user.pk)
        | Q(pk__in=in_their_groups.values("user"))
        | Q(pk__in=pages.values("owner"))
        | Q(pk__in=pages.values("locked_by"))
        | Q(pk__in=PageLogEntry.objects.filter(page__in=pages.values("pk")).values("user"))
    )


def page_translation_keys_in_scope(user) -> QuerySet:
    """The translation keys of the pages a user works on (wagtail-localize's object ids)."""
    return own_pages(user).values_list("translation_key", flat=True)


def structural_models() -> tuple[type[Page], ...]:
    """The member page and the sections joining creates: the skeleton of a member's space."""
    return (apps.get_model("communes", "MemberPage"), *(section.model for section in member_sections()))


def is_structural(page: Page) -> bool:
    return issubclass(page.specific_class or Page, structural_models())


def may_restructure(user, page: Page, action: str) -> bool:
    """Deleting, moving or copying a member's skeleton is for coordinators only.

    A member page is never copied, except by a superuser: joining makes it, one per language.
    """
    if user.is_superuser or not is_structural(page):
        return True
    member_page_model = apps.get_model("communes", "MemberPage")
    if action == "copy" and issubclass(page.specific_class, member_page_model):
        return False
    return is_coordinator(user)
