"""What part of the network a user may see in the admin: derived from Wagtail's own permissions.

A member's staff hold page permissions on their member's pages (one per language) and collection
permissions on its collection; coordinators hold them on the home pages and the root collection.
Everything else is out of scope, and the admin answers it with 404 (DESIGN §4.3).
"""

from wagtail.documents.permissions import permission_policy as document_policy
from wagtail.images.permissions import permission_policy as image_policy
from wagtail.permission_policies.pages import PagePermissionPolicy

MEDIA_ACTIONS = ["add", "change", "delete", "choose"]


def explorable_pages(user):
    """Pages the user may see in the admin: their subtrees and the ancestors leading to them."""
    return PagePermissionPolicy().explorable_instances(user)


def page_in_scope(user, page_id: int) -> bool:
    if user.is_superuser:
        return True
    return explorable_pages(user).filter(pk=page_id).exists()


def images_in_scope(user):
    return image_policy.instances_user_has_any_permission_for(user, MEDIA_ACTIONS)


def documents_in_scope(user):
    return document_policy.instances_user_has_any_permission_for(user, MEDIA_ACTIONS)


def image_in_scope(user, image_id: int) -> bool:
    if user.is_superuser:
        return True
    return images_in_scope(user).filter(pk=image_id).exists()


def document_in_scope(user, document_id: int) -> bool:
    if user.is_superuser:
        return True
    return documents_in_scope(user).filter(pk=document_id).exists()

