"""Uploaded files, served only after the checks their collection asks for (DESIGN §4.3).

Nothing under MEDIA_ROOT is served as a plain file: a document only through Wagtail's checked
view (`/documents/<id>/<name>`), an image or one of its renditions only here, after the view
restrictions of its collection, and nothing else at all. The same view runs in `make run` and in
production, where the proxy must pass `/media/` to the application (README, "Behind a proxy").
"""

from django.http import Http404
from django.views.decorators.http import require_safe
from wagtail.images import get_image_model
from wagtail.utils import sendfile_streaming_backend
from wagtail.utils.sendfile import sendfile

# Browsers may keep a public image a day; an image of a private collection is never stored on the way.
PUBLIC_CACHE = "public, max-age=86400"
PRIVATE_CACHE = "private, no-store"


def _stored_image(path: str):
    """(the image, the stored file) for an image's original or rendition at this path, or None.

    Wagtail stores originals under original_images/ and renditions under images/."""
    image_model = get_image_model()
    if path.startswith("original_images/"):
        image = image_model.objects.select_related("collection").filter(file=path).first()
        return (image, image.file) if image else None
    rendition = (image_model.get_rendition_model().objects.select_related("image__collection")
                 .filter(file=path).first())
    return (rendition.image, rendition.file) if rendition else None


@require_safe
def serve_media(request, path: str):
    """One stored image file, if its collection lets this visitor see it; 404 otherwise."""
    if "\x00" in path:  # PostgreSQL refuses it in a query: not a name we stored
        raise Http404
    found = _stored_image(path)
    if found is None:
        raise Http404
    image, stored = found
    restrictions = list(image.collection.get_view_restrictions())
    # An image cannot show a log-in form: refused is simply not found.
    if not all(restriction.accept_request(request) for restriction in restrictions):
        raise Http404
    # Streamed by the application, as Wagtail streams documents (with If-Modified-Since).
    response = sendfile(request, stored.path, backend=sendfile_streaming_backend.sendfile)
    response["Cache-Control"] = PRIVATE_CACHE if restrictions else PUBLIC_CACHE
    return response
