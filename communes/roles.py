"""The network's roles as data: coordinators' group and its permissions."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from communes.extensions import COORDINATORS_ROLE, granted
from communes.services import STAFF_MEDIA_PERMISSIONS, model_permissions

COORDINATORS = "Network coordinators"
# Coordinators hold these on each language's home page: one row per home, never per member
# (the number of a user's permission rows slows Wagtail's explorer, wagtail/wagtail#14593).
COORDINATOR_PAGE_PERMISSIONS = (
    "add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page",
)
COORDINATOR_MODEL_PERMISSIONS = (
    ("communes", "add_member"), ("communes", "change_member"), ("communes", "view_member"),
    ("communes", "view_territory"), ("wagtail_localize", "submit_translation"),
)


@transaction.atomic
def ensure_coordinators_group(homes) -> Group:
    group, _created = Group.objects.get_or_create(name=COORDINATORS)
    # With those the apps above grant to coordinators (communes.extensions.ROLE_PERMISSIONS).
    group.permissions.add(*model_permissions(
        [("wagtailadmin", "access_admin"), *COORDINATOR_MODEL_PERMISSIONS, *granted(COORDINATORS_ROLE)]
    ))
    page_permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=COORDINATOR_PAGE_PERMISSIONS
    )
    for home in homes:
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
    root_collection = Collection.get_first_root_node()
    for permission in model_permissions(STAFF_MEDIA_PERMISSIONS):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=permission
        )
    return group
