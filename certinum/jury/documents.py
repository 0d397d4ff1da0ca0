"""Scans uploaded at finalization: the type is read from the file's first bytes (its
« magic number »), never trusted from its name or from what the browser says."""

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
EXTENSIONS = {PDF: ("pdf",), PNG: ("png",), JPEG: ("jpg", "jpeg")}
_MAGICS = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))


def sniffed_type(head: bytes) -> str | None:
    """The content type the bytes start with, or None if it is not an accepted one."""
    return next((kind for magic, kind in _MAGICS if head.startswith(magic)), None)


def name_matches(name: str, content_type: str) -> bool:
    """A « .pdf » that holds a PNG is refused: the name would lie to whoever opens it."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return extension in EXTENSIONS[content_type]
