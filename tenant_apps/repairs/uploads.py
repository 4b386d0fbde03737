"""Customer uploads (proofs of purchase, photos of a fault) recognised by their content.

A file is accepted only when its first bytes are those of an allowed kind, its name's extension
says the same kind, the whole file parses as that kind, and its first and last kilobyte carry no
HTML markup (a browser sniffing the file, or a polyglot trick, finds nothing to run). Accepted
files get a random name: the customer's file name is never stored nor served.
"""

import io
import re
import uuid
import warnings
from dataclasses import dataclass
from typing import IO

from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from PIL import Image, UnidentifiedImageError

from .errors import UploadRefused, UploadTooLarge

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 50_000_000
SCANNED_BYTES = 1024

PDF = "pdf"
PNG = "png"
JPEG = "jpeg"

CONTENT_TYPES = {PDF: "application/pdf", PNG: "image/png", JPEG: "image/jpeg"}
EXTENSIONS = {PDF: frozenset({"pdf"}), PNG: frozenset({"png"}), JPEG: frozenset({"jpg", "jpeg"})}
STORED_EXTENSION = {PDF: "pdf", PNG: "png", JPEG: "jpg"}
PILLOW_FORMATS = {PNG: "PNG", JPEG: "JPEG"}

PROOF_KINDS = frozenset({PDF, PNG, JPEG})
PHOTO_KINDS = frozenset({PNG, JPEG})

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"IEND\xaeB`\x82"
_MARKUP = re.compile(
    rb"<\s*/?\s*(?:html|head|body|script|iframe|object|embed|svg|meta|!doctype|\?php)\b"
    rb"|javascript\s*:",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CheckedUpload:
    """An accepted upload: the content under a random name, and what it really is."""

    file: "ContentFile[bytes]"
    kind: str
    content_type: str


def sniff(data: bytes) -> str:
    """The kind the first bytes announce, or "" when they announce none we accept."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(_PNG_SIGNATURE):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    return ""


def check_upload(upload: IO[bytes], *, name: str, field: str,
                 kinds: frozenset[str] = PROOF_KINDS,
                 max_bytes: int = MAX_UPLOAD_BYTES) -> CheckedUpload:
    """Accept ``upload`` (named ``name`` by the customer) if it is one of ``kinds``, or refuse.

    Refusals are ``UploadRefused`` naming ``field``; nothing is stored here.
    """
    data = _read_capped(upload, max_bytes=max_bytes, field=field)
    kind = sniff(data)
    allowed = ", ".join(sorted(kind.upper() for kind in kinds))
    if kind not in kinds:
        raise UploadRefused(f"Upload a {allowed} file.", field=field)
    if _extension(name) not in EXTENSIONS[kind]:
        raise UploadRefused(f"The file's name does not match its content (a {kind.upper()}).",
                            code="extension_mismatch", field=field)
    if _has_markup(data):
        raise UploadRefused("The file contains web page markup.", code="unsafe_content",
                            field=field)
    parses = _is_whole_pdf(data) if kind == PDF else _is_whole_image(data, kind)
    if not parses:
        raise UploadRefused(f"The file is not a readable {kind.upper()}.", code="unreadable",
                            field=field)
    random_name = f"{uuid.uuid4().hex}.{STORED_EXTENSION[kind]}"
    return CheckedUpload(ContentFile(data, name=random_name), kind, CONTENT_TYPES[kind])


def _read_capped(upload: IO[bytes], *, max_bytes: int, field: str) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        megabytes = max_bytes // (1024 * 1024)
        raise UploadTooLarge(f"The file may be at most {megabytes} MB.", field=field)
    if not data:
        raise UploadRefused("The file is empty.", code="empty_file", field=field)
    return data


def _extension(name: str) -> str:
    base = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _has_markup(data: bytes) -> bool:
    # Browsers sniff the first bytes and polyglots hide their page at either end.
    return bool(_MARKUP.search(data[:SCANNED_BYTES]) or _MARKUP.search(data[-SCANNED_BYTES:]))


def _is_whole_pdf(data: bytes) -> bool:
    # Without a PDF parser in the app: the header, and the end-of-file marker near the end.
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-SCANNED_BYTES:]


def _is_whole_image(data: bytes, kind: str) -> bool:
    if kind == PNG and not data.endswith(_PNG_END):
        return False  # nothing may follow the last chunk
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image_format = image.format
                width, height = image.size
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError, Image.DecompressionBombWarning):
        return False
    return image_format == PILLOW_FORMATS[kind] and 0 < width * height <= MAX_IMAGE_PIXELS


def stored_file_response(field_file: FieldFile, content_type: str, name: str) -> HttpResponse:
    """A checked upload served back: read whole (uploads are size-capped) so no file stays open,
    as an attachment of the type recognised at upload, never sniffed nor opened as a page (an
    ``<img>`` still shows a photo). A stored file that went missing is a 404."""
    try:
        with field_file.open("rb") as handle:
            content = handle.read()
    except OSError:
        raise Http404("The file is missing.") from None
    extension = STORED_EXTENSION.get(content_type.rsplit("/", 1)[-1], "bin")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
