"""Time the batch of attestations: N one-page PDFs in a zip through the batch function.

    .venv/bin/python benchmarks/attestations.py [--count 1000] [--out /tmp/attestations.zip]

The certificates are built in memory from content/framework.yaml (16 competences with
varied levels, accented names), so no database is needed: what is measured is the PDF
drawing and the zip, which is all the worker does once it has read the rows (a handful of
queries, see selectors.session_certificates). The floor, measured in the same run, is the
cheapest ReportLab document with the same fonts: one line of text on one page, N times, in
a zip. Prints both wall times, the ratio, the time per attestation and the zip's size.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import platform
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certinum.settings")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from certinum.centers.documents import FONT, register_fonts  # noqa: E402
from certinum.results.attestation import AttestationLinks, attestations_zip  # noqa: E402
from certinum.results.selectors import AreaBlock, Certificate, CompetenceLine  # noqa: E402

FIRST_NAMES = ["Léa", "Noé", "Chloé", "Maël", "Zoé", "Anaïs", "Théo", "Inès", "Jules", "Œdipe"]
LAST_NAMES = ["Roux", "Élouard", "Dupont-Moretti de la Villardière", "N'Diaye", "Lefèvre"]
ALPHABET = "2346789BCDFGHJKMPQRTVWXY"
LINKS = AttestationLinks(
    site_url="https://certinum.example",
    verify_path="/verifier/",
    reading_guide_path="/verifier/tableau-de-lecture/",
)


def framework() -> Tree:
    data = yaml.safe_load((ROOT / "content" / "framework.yaml").read_text(encoding="utf-8"))
    return [
        (area["code"], area["title"], [(c["code"], c["name"]) for c in area["competences"]])
        for area in data["areas"]
    ]


def code(index: int) -> str:
    digits = []
    for _ in range(8):
        index, rest = divmod(index, len(ALPHABET))
        digits.append(ALPHABET[rest])
    return "P-" + "".join(digits)


Tree = list[tuple[str, str, list[tuple[str, str]]]]


def sample_certificate(index: int, tree: Tree) -> Certificate:
    areas = []
    pix = 0
    for area_code, title, competences in tree:
        lines = []
        for position, (competence, name) in enumerate(competences):
            level = (index + position * 3 + len(area_code)) % 7 - 1  # -1 … 5
            pix += max(0, level) * 8
            lines.append(CompetenceLine(competence, name, max(0, level)))
        areas.append(AreaBlock(area_code, title, tuple(lines)))
    return Certificate(
        course_id=index,
        first_name=FIRST_NAMES[index % len(FIRST_NAMES)],
        last_name=LAST_NAMES[index % len(LAST_NAMES)],
        birthdate=datetime.date(2011, 1 + index % 12, 1 + index % 28),
        date=datetime.date(2027, 1, 15),
        center="Collège Jean-Moulin — centre de certification",
        pix_score=pix,
        max_level=5,
        verification_code=code(index * 7919 + 12345),
        areas=tuple(areas),
    )


def floor_zip(count: int, target: io.BufferedRandom) -> None:
    """N one-line, one-page PDFs in the same fonts, stored in a zip."""
    register_fonts()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for index in range(count):
            buffer = io.BytesIO()
            pdf = canvas.Canvas(buffer, pagesize=A4)
            pdf.setFont(FONT, 12)
            pdf.drawString(60, 780, f"Attestation n° {index} — Léa Élouard")
            pdf.showPage()
            pdf.save()
            archive.writestr(f"floor-{index}.pdf", buffer.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--out", type=Path, help="keep the zip of attestations here")
    arguments = parser.parse_args()
    translation.activate("fr")
    tree = framework()
    certificates = [sample_certificate(index, tree) for index in range(arguments.count)]
    attestations_zip(certificates[:1], LINKS, io.BytesIO())  # warm-up: fonts, imports

    with tempfile.TemporaryFile() as scratch:
        started = time.perf_counter()
        floor_zip(arguments.count, scratch)
        floor = time.perf_counter() - started

    steps: list[int] = []
    with tempfile.TemporaryFile() as scratch:
        started = time.perf_counter()
        attestations_zip(certificates, LINKS, scratch, steps.append)
        batch = time.perf_counter() - started
        size = scratch.tell()
        if arguments.out:
            scratch.seek(0)
            arguments.out.write_bytes(scratch.read())

    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"floor ({arguments.count} one-line PDFs in a zip): {floor:.2f} s")
    print(
        f"attestations ({arguments.count} in a zip): {batch:.2f} s, "
        f"{1000 * batch / arguments.count:.1f} ms each, {size / 1e6:.1f} MB, "
        f"{batch / floor:.1f} × the floor, {len(steps)} progress updates"
    )


if __name__ == "__main__":
    main()
