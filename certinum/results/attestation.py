"""The attestation PDF (spec 07 §5.1): one A4 page drawn from a `Certificate` (plain data, so
a batch renders hundreds without touching the database), in the documents' DejaVu fonts
(centers/documents.py, D37), with a QR code to the public verification page.
`attestations_zip` writes one PDF per pupil into a zip for a batch.

The page is drawn straight on a ReportLab canvas, not with platypus flowables: its layout is
fixed (16 competences, 5 areas), and a batch of 1,000 must take seconds (D47)."""

import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.graphics.barcode import qrencoder
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from certinum.centers.documents import (
    FONT,
    FONT_BOLD,
    LINE,
    MARGIN,
    NBSP,
    NNBSP,
    PAGE_HEIGHT,
    SHADE,
    WIDTH,
    _fold,
    register_fonts,
)
from certinum.results.selectors import Certificate

QR_SIZE = 30 * mm


@dataclass(frozen=True)
class AttestationLinks:
    """Absolute addresses printed on the attestation (the view or the batch knows the host)."""

    site_url: str  # e.g. https://certinum.example, without a trailing slash
    verify_path: str  # the form, « /verifier/ »: a code's page is « /verifier/<code>/ »
    reading_guide_path: str

    def verification_url(self, code: str) -> str:
        return f"{self.site_url}{self.verify_path}{code}/"

    @property
    def reading_guide_url(self) -> str:
        return f"{self.site_url}{self.reading_guide_path}"


def level_label(level: int) -> str:
    if level <= 0:
        return _("non certifiée")
    return _("niveau %(level)s") % {"level": level}


# French punctuation keeps its no-break space (never starts a line).
_TYPOGRAPHY = (("« ", f"«{NNBSP}"), (" »", f"{NNBSP}»"), (" :", f"{NBSP}:"))
TEXT = "#1a1a1a"
ROW = 14.5  # height of a competence row, in points
QR_MASK = 2  # any of the 8 QR masks is valid; a fixed one skips trying all 8 (D47)


def _typeset(text: str) -> str:
    for plain, unbreakable in _TYPOGRAPHY:
        text = text.replace(plain, unbreakable)
    return text


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of at most `width` points, broken at plain spaces only (no-break ones hold)."""
    lines: list[str] = []
    current = ""
    for word in _typeset(text).split(" "):
        candidate = f"{current} {word}" if current else word
        if current and stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current]


class _Page:
    """A cursor going down the page: each block draws itself and moves `y` below it."""

    def __init__(self, pdf: Any):
        self.pdf = pdf
        self.x = MARGIN
        self.y = PAGE_HEIGHT - MARGIN

    def text(
        self,
        text: str,
        *,
        size: float = 10,
        bold: bool = False,
        x: float | None = None,
        width: float = WIDTH,
        leading: float | None = None,
    ) -> None:
        font = FONT_BOLD if bold else FONT
        self.pdf.setFont(font, size)
        for line in _wrap(text, font, size, width):
            self.y -= leading or size * 1.3
            self.pdf.drawString(self.x if x is None else x, self.y, line)


def _identity(page: _Page, certificate: Certificate) -> None:
    rows = [
        (_("Nom"), certificate.last_name),
        (_("Prénom"), certificate.first_name),
        (_("Date de naissance"), certificate.birthdate.strftime("%d/%m/%Y")),
        (_("Date de passage"), str(formats.date_format(certificate.date, "j F Y"))),
        (_("Centre de certification"), certificate.center),
    ]
    for label, value in rows:
        top = page.y
        page.text(label, bold=True, width=48 * mm, leading=15)
        below_label = page.y
        page.y = top
        page.text(value, size=11, x=MARGIN + 50 * mm, width=WIDTH - 50 * mm, leading=15)
        page.y = min(page.y, below_label)


def _score(page: _Page, certificate: Certificate) -> None:
    pdf = page.pdf
    page.y -= 8 * mm
    height = 11 * mm
    pdf.setFillColor(SHADE)
    pdf.setStrokeColor(LINE)
    pdf.rect(MARGIN, page.y - height, WIDTH, height, stroke=1, fill=1)
    pdf.setFillColor(TEXT)
    baseline = page.y - height / 2 - 5
    pix = f"{certificate.pix_score}{NBSP}pix"
    pdf.setFont(FONT_BOLD, 15)
    pdf.drawString(MARGIN + 4 * mm, baseline, pix)
    pdf.setFont(FONT, 11)
    rest = _("sur %(max)s pix possibles à cette date (niveau %(level)s au plus)") % {
        "max": certificate.max_pix,
        "level": certificate.max_level,
    }
    pdf.drawString(MARGIN + 6 * mm + stringWidth(pix, FONT_BOLD, 15), baseline, rest)
    page.y -= height


def _competences(page: _Page, certificate: Certificate) -> None:
    pdf = page.pdf
    page.y -= 6 * mm
    page.text(_("Niveau atteint dans chaque compétence"), size=12, bold=True)
    page.y -= 2 * mm
    top = page.y
    pdf.setStrokeColor(LINE)
    pdf.setLineWidth(0.5)
    for area in certificate.areas:
        pdf.setFillColor(SHADE)
        pdf.rect(MARGIN, page.y - ROW, WIDTH, ROW, stroke=0, fill=1)
        pdf.setFillColor(TEXT)
        pdf.setFont(FONT_BOLD, 9.5)
        pdf.drawString(MARGIN + 2 * mm, page.y - ROW + 4, f"{area.code}. {area.title}")
        page.y -= ROW
        for line in area.competences:
            pdf.line(MARGIN, page.y, MARGIN + WIDTH, page.y)
            pdf.setFont(FONT, 9.5)
            pdf.drawString(MARGIN + 2 * mm, page.y - ROW + 4, line.code)
            pdf.drawString(MARGIN + 14 * mm, page.y - ROW + 4, line.name)
            pdf.setFont(FONT_BOLD if line.certified else FONT, 9.5)
            label = level_label(line.level)
            pdf.drawRightString(MARGIN + WIDTH - 2 * mm, page.y - ROW + 4, label)
            page.y -= ROW
        pdf.line(MARGIN, page.y, MARGIN + WIDTH, page.y)
    pdf.rect(MARGIN, page.y, WIDTH, top - page.y, stroke=1, fill=0)


def qr_modules(text: str) -> list[list[bool]]:
    """The QR code of `text` (error correction M) as rows of dark/light modules."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.version = code.calculate_version()
    code.makeImpl(False, QR_MASK)
    return [list(row) for row in code.modules]


def _draw_qr(pdf: Any, text: str, x: float, y: float, size: float) -> None:
    """Dark modules as one filled path, a rectangle per run of adjacent dark modules, in
    module units (integers): written as literal PDF operators, which is several times faster
    than ReportLab's path object for the ~300 rectangles of a code (D47)."""
    modules = qr_modules(text)
    count = len(modules) + 8  # a quiet zone of 4 modules on each side
    operators = []
    for row_index, row in enumerate(modules):
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            operators.append(f"{start + 4} {row_index + 4} {column - start} 1 re")
    pdf.saveState()
    # Module units, rows counted downwards from the top left corner of the square.
    pdf.transform(size / count, 0, 0, -size / count, x, y + size)
    pdf.setFillColor("#000000")
    pdf.addLiteral(" ".join(operators) + " f")
    pdf.restoreState()


def _verification(page: _Page, certificate: Certificate, links: AttestationLinks) -> None:
    pdf = page.pdf
    url = links.verification_url(certificate.verification_code)
    page.y -= 8 * mm
    top = page.y
    _draw_qr(pdf, url, MARGIN + WIDTH - QR_SIZE, top - QR_SIZE, QR_SIZE)
    pdf.setFillColor(TEXT)
    width = WIDTH - QR_SIZE - 6 * mm
    page.text(_("Code de vérification"), size=10, width=width)
    page.text(certificate.verification_code, size=16, bold=True, width=width, leading=21)
    page.y -= 2 * mm
    page.text(
        _("Toute personne peut vérifier ce certificat avec ce code, ou le QR code, sur :"),
        size=9,
        width=width,
    )
    page.text(url, size=9, width=width)
    pdf.linkURL(url, (MARGIN, page.y - 2, MARGIN + width, page.y + 10), relative=0)
    page.y -= 2 * mm
    page.text(
        _("Pour comprendre ces résultats, lisez le « tableau de lecture des résultats » :"),
        size=9,
        width=width,
    )
    page.text(links.reading_guide_url, size=9, width=width)
    pdf.linkURL(
        links.reading_guide_url, (MARGIN, page.y - 2, MARGIN + width, page.y + 10), relative=0
    )
    page.y = min(page.y, top - QR_SIZE)


def attestation_pdf(certificate: Certificate, links: AttestationLinks) -> bytes:
    """One attestation, one A4 page."""
    register_fonts()
    buffer = io.BytesIO()
    name = f"{certificate.first_name} {certificate.last_name}"
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1, lang="fr")
    pdf.setTitle(_("Attestation de certification — %(name)s") % {"name": name})
    pdf.setAuthor("Certinum")
    page = _Page(pdf)
    pdf.setFillColor(TEXT)
    page.text(_("Attestation de certification"), size=20, bold=True, leading=24)
    page.text(_("Compétences numériques — Certinum"), size=12, leading=18)
    page.y -= 5 * mm
    _identity(page, certificate)
    _score(page, certificate)
    _competences(page, certificate)
    _verification(page, certificate, links)
    pdf.setFont(FONT, 8)
    pdf.setFillColor(LINE)
    pdf.drawString(MARGIN, 9 * mm, _("Certinum — certification des compétences numériques"))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def attestation_filename(certificate: Certificate) -> str:
    """ASCII, for a download or a zip entry: attestation-roux-lina-P-XXXXXXXX.pdf."""
    name = _fold(f"{certificate.last_name}-{certificate.first_name}")
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in name)
    slug = "-".join(part for part in slug.split("-") if part)
    return f"attestation-{slug}-{certificate.verification_code}.pdf"


def attestations_zip(
    certificates: Sequence[Certificate],
    links: AttestationLinks,
    target: BinaryIO,
    progress: Callable[[int], None] | None = None,
) -> None:
    """One PDF per certificate in a zip written to `target`; `progress` gets a percentage
    about every 5 %. The PDFs are stored, not deflated: they are compressed already."""
    reported = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for index, certificate in enumerate(certificates, start=1):
            archive.writestr(attestation_filename(certificate), attestation_pdf(certificate, links))
            done = 100 * index // len(certificates)
            if progress is not None and done >= reported + 5:
                progress(done)
                reported = done
