"""Uploads in the admin: a size limit, the type read from the content, whole images, and a
multiple upload that staff can finish.

Every file is a real one built here: a small PDF, Office Open XML and OpenDocument archives,
an openpyxl workbook, Pillow images (whole, cut short, or far too large), an executable's bytes.
A refused file answers the form again (or the uploader's JSON) with a message in the user's
language, never a 500, and nothing is stored.
"""

import html
import io
import json
import re
import zipfile
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import UploadedFile
from wagtail.users.models import UserProfile

from tests.helpers import login_to_admin, make_user, pdf_bytes, translated
from website.uploads import CHECKED_EXTENSIONS

Document = get_document_model()
Image = get_image_model()

AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


# Real files ---------------------------------------------------------------------------------------

def zip_bytes(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(entries):
            compression = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=compression)
    return buffer.getvalue()


def docx_bytes(main_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"):
    """A minimal Word document, as Office Open XML lays one out."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    document = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                '<w:body><w:p><w:r><w:t>محضر الدورة</w:t></w:r></w:p></w:body></w:document>')
    return zip_bytes([("[Content_Types].xml", content_types.encode()), ("_rels/.rels", rels.encode()),
                      ("word/document.xml", document.encode())])


def xlsx_bytes() -> bytes:
    """A workbook saved by openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Commune", "Budget"])
    workbook.active.append(["Agadir", 1200])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odf_bytes(mimetype: str, *, mimetype_first: bool = True) -> bytes:
    """A minimal OpenDocument file: the `mimetype` entry first and stored, then its parts."""
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">'
               '<office:body/></office:document-content>')
    entries = [("mimetype", mimetype.encode()), ("META-INF/manifest.xml", manifest.encode()),
               ("content.xml", content.encode())]
    if not mimetype_first:
        entries.reverse()
    return zip_bytes(entries, stored_first=mimetype_first)


ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
# What a Windows executable and a Linux one start with.
WINDOWS_EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240 + b"PE\x00\x00"
LINUX_EXECUTABLE = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 300


def image_bytes(image_format: str, size=(120, 90)) -> bytes:
    """A photograph-like (noisy, so not tiny) image in the given format."""
    image = PillowImage.effect_noise(size, 80).convert("RGB")
    if image_format == "GIF":
        image = image.convert("P")
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    return buffer.getvalue()


def cut_short(data: bytes) -> bytes:
    """The first half of a file: what a broken connection or a partial copy leaves."""
    return data[: len(data) // 2]


# The member, its staff, and what the admin answers -----------------------------------------------

@dataclass
class Space:
    member: object
    staff: object


@pytest.fixture(scope="module")
def space(django_db_setup, django_db_blocker):
    """Agadir and one of its staff, built once for the module and rolled back at its end."""
    from django.db import transaction

    from communes.services import join_network

    with django_db_blocker.unblock(), transaction.atomic():
        member = join_network("09.001.01.01")
        yield Space(member=member, staff=make_user("staff.uploads@example.org", groups=[member.staff_group]))
        transaction.set_rollback(True)


@pytest.fixture
def staff_client(space, db, client):
    return login_to_admin(client, space.staff)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def add_document(client, name: str, content: bytes):
    return client.post("/admin/documents/add/", {"title": name, "file": SimpleUploadedFile(name, content)})


def add_documents_multiple(client, name: str, content: bytes, **extra):
    return client.post("/admin/documents/multiple/add/", {"files[]": SimpleUploadedFile(name, content), **extra},
                       **AJAX)


TYPE_MESSAGE = ("This file is named .%(extension)s but its content is not %(expected)s: choose the document "
                "itself, saved in that format.")
TEXT_MESSAGE = "This .%(extension)s file is not UTF-8 text: save it with the UTF-8 encoding and upload it again."
TOO_BIG = "This file is too big (%(file_size)s). Maximum filesize %(max_filesize)s."
NOT_AN_IMAGE = "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
TOO_MANY_PIXELS = "This file has too many pixels (%(num_pixels)s). Maximum pixels %(max_pixels_count)s."


def type_message(extension: str, expected: str, language: str = "ar") -> str:
    with translation.override(language):
        return translated(language, TYPE_MESSAGE, extension=extension, expected=translation.gettext(expected))


# Types by content --------------------------------------------------------------------------------

def test_every_accepted_extension_has_a_content_check():
    assert set(settings.WAGTAILDOCS_EXTENSIONS) <= CHECKED_EXTENSIONS


ACCEPTED = [
    ("deliberation.pdf", pdf_bytes),
    ("minutes.docx", docx_bytes),
    ("budget.xlsx", xlsx_bytes),
    ("minutes.odt", lambda: odf_bytes(ODT)),
    ("budget.ods", lambda: odf_bytes(ODS)),
    ("budget.csv", lambda: "\ufeffالجماعة;الميزانية\nأكادير;1200\n".encode()),  # Excel's "CSV UTF-8"
    ("notes.txt", lambda: "Procès-verbal de la session\nⴰⵙⴰⵔⵓ\n".encode()),
    ("MINUTES.PDF", pdf_bytes),
]


@pytest.mark.parametrize(("name", "build"), ACCEPTED, ids=[name for name, _build in ACCEPTED])
def test_a_document_of_each_accepted_type_is_stored_in_the_members_collection(staff_client, space, name, build):
    content = build()
    response = add_document(staff_client, name, content)

    assert response.status_code == 302, page_text(response)[:2000]
    document = Document.objects.get(title=name)
    assert document.collection == space.member.collection
    with document.file.open("rb") as stored:
        assert stored.read() == content


REFUSED = [
    # (name, content, message, placeholders)
    ("report.pdf", WINDOWS_EXECUTABLE, TYPE_MESSAGE, ("pdf", "a PDF document")),
    ("report.pdf", LINUX_EXECUTABLE, TYPE_MESSAGE, ("pdf", "a PDF document")),
    ("report.pdf", docx_bytes(), TYPE_MESSAGE, ("pdf", "a PDF document")),
    ("minutes.docx", pdf_bytes(), TYPE_MESSAGE, ("docx", "a Word document (.docx)")),
    ("minutes.docx", xlsx_bytes(), TYPE_MESSAGE, ("docx", "a Word document (.docx)")),
    ("minutes.docx", zip_bytes([("word/document.xml", b"<w:document/>")]), TYPE_MESSAGE,
     ("docx", "a Word document (.docx)")),
    ("macros.docx", docx_bytes("application/vnd.ms-word.document.macroEnabled.main+xml"), TYPE_MESSAGE,
     ("docx", "a Word document (.docx)")),
    ("budget.xlsx", docx_bytes(), TYPE_MESSAGE, ("xlsx", "an Excel workbook (.xlsx)")),
    ("budget.xlsx", WINDOWS_EXECUTABLE, TYPE_MESSAGE, ("xlsx", "an Excel workbook (.xlsx)")),
    ("minutes.odt", odf_bytes(ODS), TYPE_MESSAGE, ("odt", "an OpenDocument text (.odt)")),
    ("minutes.odt", odf_bytes(ODT, mimetype_first=False), TYPE_MESSAGE, ("odt", "an OpenDocument text (.odt)")),
    ("budget.ods", cut_short(odf_bytes(ODS)), TYPE_MESSAGE, ("ods", "an OpenDocument spreadsheet (.ods)")),
    ("budget.csv", "الجماعة;الميزانية\n".encode("cp1256"), TEXT_MESSAGE, ("csv",)),
    ("notes.txt", b"text\x00with a NUL byte\n", TEXT_MESSAGE, ("txt",)),
    ("notes.txt", LINUX_EXECUTABLE, TEXT_MESSAGE, ("txt",)),
]
REFUSED_IDS = [f"{name}-{index}" for index, (name, *_rest) in enumerate(REFUSED)]


def refusal_message(message: str, placeholders: tuple, language: str = "ar") -> str:
    if message == TEXT_MESSAGE:
        return translated(language, TEXT_MESSAGE, extension=placeholders[0])
    return type_message(*placeholders, language=language)


@pytest.mark.parametrize(("name", "content", "message", "placeholders"), REFUSED, ids=REFUSED_IDS)
def test_a_file_whose_content_is_not_its_type_is_refused(staff_client, name, content, message, placeholders):
    response = add_document(staff_client, name, content)

    assert response.status_code == 200
    assert refusal_message(message, placeholders) in page_text(response)
    assert not Document.objects.filter(title=name).exists()


@pytest.mark.parametrize(("name", "content", "message", "placeholders"), REFUSED[:2] + REFUSED[3:4],
                         ids=REFUSED_IDS[:2] + REFUSED_IDS[3:4])
def test_the_multiple_uploader_refuses_it_too(staff_client, name, content, message, placeholders):
    response = add_documents_multiple(staff_client, name, content)

    assert response.status_code == 200
    assert response.json() == {"success": False, "error_message": refusal_message(message, placeholders)}
    assert not Document.objects.exists()
    assert not UploadedFile.objects.exists()


def test_the_browsers_content_type_is_not_trusted(staff_client):
    upload = SimpleUploadedFile("report.pdf", WINDOWS_EXECUTABLE, content_type="application/pdf")
    response = staff_client.post("/admin/documents/add/", {"title": "report", "file": upload})

    assert type_message("pdf", "a PDF document") in page_text(response)
    assert not Document.objects.exists()


def test_an_extension_outside_the_list_is_refused(staff_client):
    response = add_document(staff_client, "setup.exe", WINDOWS_EXECUTABLE)

    assert response.status_code == 200
    assert "exe" in page_text(response)
    assert not Document.objects.exists()


def test_the_message_is_in_the_users_language(staff_client, space):
    profile = UserProfile.get_for_user(space.staff)
    profile.preferred_language = "fr"
    profile.save()

    response = add_document(staff_client, "report.pdf", WINDOWS_EXECUTABLE)

    assert type_message("pdf", "a PDF document", language="fr") in page_text(response)


# The size limit ----------------------------------------------------------------------------------

LIMIT = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE


def too_big(language: str = "ar") -> str:
    return translated(language, TOO_BIG, file_size=lambda: filesizeformat(LIMIT + 1),
                       max_filesize=lambda: filesizeformat(LIMIT))


def test_the_limit_is_twenty_megabytes_and_said_in_megabytes():
    assert LIMIT == 20 * 1024 * 1024
    assert "20.0\xa0MB" in translated("en", TOO_BIG, file_size="x", max_filesize=lambda: filesizeformat(LIMIT))


def test_a_document_at_the_limit_is_accepted(staff_client):
    response = add_document(staff_client, "large.pdf", pdf_bytes(padding=LIMIT - len(pdf_bytes())))

    assert response.status_code == 302
    assert Document.objects.get(title="large.pdf").file_size == LIMIT


def test_a_document_one_byte_over_the_limit_is_refused(staff_client):
    response = add_document(staff_client, "too-large.pdf", pdf_bytes(padding=LIMIT + 1 - len(pdf_bytes())))

    assert response.status_code == 200
    assert too_big() in page_text(response)
    assert not Document.objects.exists()


def test_the_multiple_uploader_refuses_a_document_over_the_limit(staff_client):
    response = add_documents_multiple(staff_client, "too-large.pdf", pdf_bytes(padding=LIMIT + 1 - len(pdf_bytes())))

    assert response.json() == {"success": False, "error_message": too_big()}
    assert not Document.objects.exists()


def test_replacing_a_documents_file_is_checked_too(staff_client, space):
    add_document(staff_client, "minutes.pdf", pdf_bytes())
    document = Document.objects.get(title="minutes.pdf")
    url = f"/admin/documents/edit/{document.pk}/"

    over = staff_client.post(url, {"title": "minutes.pdf", "file": SimpleUploadedFile(
        "minutes.pdf", pdf_bytes(padding=LIMIT + 1 - len(pdf_bytes())))})
    renamed = staff_client.post(url, {"title": "minutes.pdf", "file": SimpleUploadedFile(
        "minutes.pdf", WINDOWS_EXECUTABLE)})
    title_only = staff_client.post(url, {"title": "Minutes of the session"})

    assert too_big() in page_text(over)
    assert type_message("pdf", "a PDF document") in page_text(renamed)
    assert title_only.status_code == 302
    document.refresh_from_db()
    assert document.title == "Minutes of the session"
    with document.file.open("rb") as stored:
        assert stored.read() == pdf_bytes()


def test_the_choosers_upload_is_checked_too(staff_client):
    response = staff_client.post("/admin/documents/chooser/create/", {
        "document-chooser-upload-title": "report",
        "document-chooser-upload-file": SimpleUploadedFile("report.pdf", WINDOWS_EXECUTABLE)})

    assert response.status_code == 200
    assert response.json()["step"] == "reshow_creation_form"
    assert type_message("pdf", "a PDF document") in html.unescape(response.json()["htmlFragment"])
    assert not Document.objects.exists()


# Images ------------------------------------------------------------------------------------------

IMAGE_FORMATS = [("PNG", "png"), ("JPEG", "jpg"), ("GIF", "gif")]


def add_image(client, name: str, content: bytes):
    return client.post("/admin/images/add/", {"title": name, "file": SimpleUploadedFile(name, content)})


def add_images_multiple(client, name: str, content: bytes, **extra):
    return client.post("/admin/images/multiple/add/", {"files[]": SimpleUploadedFile(name, content), **extra},
                       **AJAX)


@pytest.mark.parametrize(("image_format", "extension"), IMAGE_FORMATS)
def test_a_truncated_image_is_refused_at_the_add_form(staff_client, image_format, extension):
    response = add_image(staff_client, f"photo.{extension}", cut_short(image_bytes(image_format)))

    assert response.status_code == 200
    assert translated("ar", NOT_AN_IMAGE) in page_text(response)
    assert not Image.objects.exists()


@pytest.mark.parametrize(("image_format", "extension"), IMAGE_FORMATS)
def test_a_truncated_image_is_refused_by_the_multiple_uploader(staff_client, image_format, extension):
    response = add_images_multiple(staff_client, f"photo.{extension}", cut_short(image_bytes(image_format)))

    assert response.status_code == 200
    assert response.json() == {"success": False, "error_message": translated("ar", NOT_AN_IMAGE)}
    assert not Image.objects.exists()
    assert not UploadedFile.objects.exists()


@pytest.mark.parametrize("content", [WINDOWS_EXECUTABLE, pdf_bytes(), b"\x89PNG\r\n\x1a\n" + b"\x00" * 64],
                         ids=["executable", "pdf", "png-signature-only"])
def test_a_non_image_renamed_png_is_refused_at_both_urls(staff_client, content):
    single = add_image(staff_client, "photo.png", content)
    multiple = add_images_multiple(staff_client, "photo.png", content)

    assert translated("ar", NOT_AN_IMAGE) in page_text(single)
    assert multiple.json() == {"success": False, "error_message": translated("ar", NOT_AN_IMAGE)}
    assert not Image.objects.exists()


@pytest.mark.parametrize(("image_format", "extension"), IMAGE_FORMATS)
def test_a_whole_image_is_accepted_at_both_urls(staff_client, space, image_format, extension):
    single = add_image(staff_client, f"photo.{extension}", image_bytes(image_format))
    multiple = add_images_multiple(staff_client, f"other.{extension}", image_bytes(image_format))

    assert single.status_code == 302
    assert multiple.json()["success"] is True
    assert Image.objects.filter(collection=space.member.collection).count() == 2


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # Pillow's own word on it
def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(staff_client):
    buffer = io.BytesIO()
    PillowImage.new("1", (10_000, 10_000)).save(buffer, format="PNG")  # 100 million pixels, a few kB
    limit = PillowImage.MAX_IMAGE_PIXELS

    single = add_image(staff_client, "plain.png", buffer.getvalue())
    multiple = add_images_multiple(staff_client, "plain.png", buffer.getvalue())

    message = translated("ar", TOO_MANY_PIXELS, num_pixels=100_000_000, max_pixels_count=limit)
    assert message in page_text(single)
    assert multiple.json() == {"success": False, "error_message": message}
    assert not Image.objects.exists()


def test_replacing_an_images_file_is_checked_too(staff_client, space):
    add_image(staff_client, "photo.png", image_bytes("PNG"))
    image = Image.objects.get(title="photo.png")

    response = staff_client.post(f"/admin/images/{image.pk}/", {
        "title": "photo.png", "file": SimpleUploadedFile("photo.png", cut_short(image_bytes("PNG")))})

    assert response.status_code == 200
    assert translated("ar", NOT_AN_IMAGE) in page_text(response)
    image.refresh_from_db()
    assert image.width == 120


def test_an_image_over_the_size_limit_is_refused(staff_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    content = image_bytes("PNG")

    response = add_image(staff_client, "photo.png", content)

    message = translated("ar", TOO_BIG, file_size=lambda: filesizeformat(len(content)),
                          max_filesize=lambda: filesizeformat(1000))
    assert message in page_text(response)


def test_an_image_message_is_in_the_users_language(staff_client, space):
    profile = UserProfile.get_for_user(space.staff)
    profile.preferred_language = "fr"
    profile.save()

    response = add_images_multiple(staff_client, "photo.jpg", cut_short(image_bytes("JPEG")))

    assert response.json()["error_message"] == translated("fr", NOT_AN_IMAGE)
    assert translated("fr", NOT_AN_IMAGE) != NOT_AN_IMAGE


# The multiple upload, to the end -----------------------------------------------------------------

def finish_url_and_prefix(form_html: str) -> tuple[str, str]:
    action = re.search(r'<form action="([^"]+)"', form_html).group(1)
    prefix = re.search(r'name="([^"]+)-title"', form_html).group(1)
    return action, prefix


@pytest.mark.parametrize(("kind", "name", "build", "model"), [
    ("documents", "minutes.pdf", pdf_bytes, Document),
    ("documents", "budget.ods", lambda: odf_bytes(ODS), Document),
    ("images", "photo.jpg", lambda: image_bytes("JPEG"), Image),
])
def test_staff_finish_an_upload_that_needed_its_title(staff_client, space, kind, name, build, model):
    """The uploader keeps a file whose other fields failed (here: no title) and asks for them;
    the answer creates the object in the member's collection."""
    content = build()
    upload = staff_client.post(f"/admin/{kind}/multiple/add/", {"files[]": SimpleUploadedFile(name, content),
                                                               "title": ""}, **AJAX).json()
    assert upload["success"] is True and "uploaded_file_id" in upload
    action, prefix = finish_url_and_prefix(upload["form"])

    finish = staff_client.post(action, {f"{prefix}-title": "Session of March", f"{prefix}-tags": ""}, **AJAX)

    assert finish.status_code == 200
    answer = finish.json()
    assert answer["success"] is True, answer
    created = model.objects.get(pk=answer["doc_id" if kind == "documents" else "image_id"])
    assert created.title == "Session of March"
    assert created.collection == space.member.collection
    assert created.uploaded_by_user == space.staff
    with created.file.open("rb") as stored:
        assert stored.read() == content
    assert not UploadedFile.objects.exists()


def test_finishing_without_a_title_asks_again(staff_client):
    upload = add_documents_multiple(staff_client, "minutes.pdf", pdf_bytes(), title="").json()
    action, prefix = finish_url_and_prefix(upload["form"])

    finish = staff_client.post(action, {f"{prefix}-title": ""}, **AJAX).json()

    assert finish["success"] is False
    assert f'name="{prefix}-title"' in finish["form"]
    assert not Document.objects.exists()


@pytest.mark.parametrize(("kind", "name", "build", "model", "key"), [
    ("documents", "minutes.docx", docx_bytes, Document, "doc_id"),
    ("images", "photo.png", lambda: image_bytes("PNG"), Image, "image_id"),
])
def test_staff_upload_several_then_give_each_its_title(staff_client, space, kind, name, build, model, key):
    """The usual path: each file is stored at once, then its title is edited in place."""
    answers = [json.loads(add(staff_client, name, build()).content)
               for add in (add_documents_multiple if kind == "documents" else add_images_multiple,) * 2]
    assert all(answer["success"] for answer in answers)

    for number, answer in enumerate(answers, start=1):
        action, prefix = finish_url_and_prefix(answer["form"])
        edited = staff_client.post(action, {f"{prefix}-title": f"Item {number}", f"{prefix}-tags": ""}, **AJAX)
        assert edited.json() == {"success": True, key: answer[key]}

    titles = set(model.objects.filter(collection=space.member.collection).values_list("title", flat=True))
    assert titles == {"Item 1", "Item 2"}
