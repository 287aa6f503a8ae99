"""What an uploaded file must be: within its size limit, of the type its name says (read from its
content, never from the browser's word), and, for an image, whole.

Wagtail's document and image forms use the form bases below (WAGTAILDOCS_DOCUMENT_FORM_BASE,
WAGTAILIMAGES_IMAGE_FORM_BASE): the single and multiple uploads, the choosers' uploads and the
file replacement of the edit forms all go through them. Other forms check a file's type with
`content_matches`.
"""

import codecs
import os
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image as PillowImage
from PIL import ImageSequence
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

PDF_MAGIC = b"%PDF-"
# Office Open XML: the folder of the main part and its content type (macro-enabled variants,
# renamed, declare another type and are refused).
OOXML_MAIN_PARTS = {
    "docx": ("word/", b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/", b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
# OpenDocument: the first entry of the ZIP is `mimetype`, stored, holding the type.
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
TEXT_EXTENSIONS = {"csv", "txt"}
CHECKED_EXTENSIONS = {"pdf", *OOXML_MAIN_PARTS, *ODF_MIMETYPES, *TEXT_EXTENSIONS}
MAX_CONTENT_TYPES_BYTES = 1024 * 1024  # `[Content_Types].xml` is a few kilobytes
TEXT_CHUNK_BYTES = 64 * 1024

EXPECTED_TYPES = {
    "pdf": _("a PDF document"),
    "docx": _("a Word document (.docx)"),
    "xlsx": _("an Excel workbook (.xlsx)"),
    "odt": _("an OpenDocument text (.odt)"),
    "ods": _("an OpenDocument spreadsheet (.ods)"),
}


def extension_of(name: str) -> str:
    return os.path.splitext(name)[1].lower().lstrip(".")


def _is_pdf(file) -> bool:
    return file.read(len(PDF_MAGIC)) == PDF_MAGIC


def _is_ooxml(file, extension: str) -> bool:
    folder, main_type = OOXML_MAIN_PARTS[extension]
    with zipfile.ZipFile(file) as archive:
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names or not any(name.startswith(folder) for name in names):
            return False
        # Read as bytes, not parsed: no XML parser meets what a stranger sent.
        with archive.open("[Content_Types].xml") as part:
            return main_type in part.read(MAX_CONTENT_TYPES_BYTES)


def _is_odf(file, extension: str) -> bool:
    with zipfile.ZipFile(file) as archive:
        entries = archive.infolist()
        if not entries or entries[0].filename != "mimetype":
            return False
        with archive.open(entries[0]) as part:
            return part.read(len(ODF_MIMETYPES[extension]) + 1) == ODF_MIMETYPES[extension]


def _is_utf8_text(file) -> bool:
    """UTF-8 (a byte-order mark allowed) with no NUL byte: what a text editor or "CSV UTF-8" saves."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    while chunk := file.read(TEXT_CHUNK_BYTES):
        if b"\x00" in chunk:
            return False
        decoder.decode(chunk)
    decoder.decode(b"", final=True)
    return True


def content_matches(file, extension: str) -> bool:
    """Whether the file's content is of the type its extension names (False for an unknown one)."""
    file.seek(0)
    try:
        if extension == "pdf":
            return _is_pdf(file)
        if extension in OOXML_MAIN_PARTS:
            return _is_ooxml(file, extension)
        if extension in ODF_MIMETYPES:
            return _is_odf(file, extension)
        if extension in TEXT_EXTENSIONS:
            return _is_utf8_text(file)
        return False
    except (zipfile.BadZipFile, UnicodeDecodeError, EOFError, OSError, ValueError, KeyError,
            NotImplementedError, RuntimeError):
        # A damaged or encrypted archive, or bytes that are not text: not the type it claims.
        return False
    finally:
        file.seek(0)


def content_error(extension: str) -> ValidationError:
    if extension in TEXT_EXTENSIONS:
        return ValidationError(
            _("This .%(extension)s file is not UTF-8 text: save it with the UTF-8 encoding and upload it again.")
            % {"extension": extension}, code="invalid_content")
    return ValidationError(
        _("This file is named .%(extension)s but its content is not %(expected)s: choose the document "
          "itself, saved in that format.") % {"extension": extension, "expected": EXPECTED_TYPES[extension]},
        code="invalid_content")


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, with the file's type checked by its content."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # Only a new upload: the edit form hands back the stored file when none replaces it.
        if isinstance(upload, UploadedFile):
            extension = extension_of(upload.name)
            # Other extensions are refused by Wagtail's WAGTAILDOCS_EXTENSIONS check.
            if extension in CHECKED_EXTENSIONS and not content_matches(upload, extension):
                raise content_error(extension)
        return upload

    def add_error(self, field, error):
        # Wagtail's Document.clean() checks the file's extension again. In the multiple uploader's
        # last step the form has no file (the view attaches the upload, checked when it was
        # uploaded, after validation): that error has no field to go to and Django raises
        # ValueError, a 500. After a refused file it only adds "extension “” not allowed".
        if field is None and hasattr(error, "error_dict") and "file" in error.error_dict:
            no_file_yet = "file" not in self.fields and not self.instance.file
            if no_file_yet or "file" in self._errors:
                error = ValidationError({name: errors for name, errors in error.error_dict.items()
                                         if name != "file"})
        super().add_error(field, error)


class WholeImageField(WagtailImageField):
    """Wagtail's image field, refusing before anything is stored an image that does not decode
    whole (cut short, damaged) or has more pixels than the limit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_image_pixels is not None and PillowImage.MAX_IMAGE_PIXELS is not None:
            # Pillow's decompression-bomb limit is below Wagtail's default: the lower one holds.
            self.max_image_pixels = min(self.max_image_pixels, PillowImage.MAX_IMAGE_PIXELS)

    def to_python(self, data):
        if isinstance(data, UploadedFile):
            self.check_image_file_size(data)  # before decoding anything
            self.check_whole_image(data)
        return super().to_python(data)

    def too_many_pixels(self, num_pixels) -> ValidationError:
        return ValidationError(self.error_messages["file_too_many_pixels"] % {
            "num_pixels": num_pixels, "max_pixels_count": self.max_image_pixels}, code="file_too_many_pixels")

    def check_whole_image(self, upload) -> None:
        try:
            upload.seek(0)
            with PillowImage.open(upload) as image:
                width, height = image.size
                num_pixels = width * height * getattr(image, "n_frames", 1)
            if self.max_image_pixels is not None and num_pixels > self.max_image_pixels:
                raise self.too_many_pixels(num_pixels)
            upload.seek(0)
            with PillowImage.open(upload) as image:
                image.verify()
            upload.seek(0)  # verify() leaves the image unusable: decode it again, every frame
            with PillowImage.open(upload) as image:
                for frame in ImageSequence.Iterator(image):
                    frame.load()
        except ValidationError:
            raise
        except PillowImage.DecompressionBombError as error:
            # Pillow refuses to open it at all: more than twice its limit, so far over ours.
            raise self.too_many_pixels(f"> {2 * PillowImage.MAX_IMAGE_PIXELS}") from error
        except Exception as error:
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from error
        finally:
            upload.seek(0)


class ImageForm(BaseImageForm):
    """Wagtail's image form, with an image field that decodes the whole image."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        given = self.fields.get("file")
        if given is not None:
            self.fields["file"] = WholeImageField(label=given.label, required=given.required, widget=given.widget)
