"""Reading uploaded tables and writing exports, on real files made here: XLSX by openpyxl, ODS
by odfpy or by hand (to control repeats and odd XML), ZIP containers byte by byte (to make
archives that lie), CSV as bytes."""

import csv
import datetime
import io
import random
import struct
import time
import tracemalloc
import zipfile
import zlib
from decimal import Decimal

import openpyxl
import pytest
from odf import teletype
from odf.opendocument import OpenDocumentSpreadsheet, load
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl.styles import Font

from certinum.orga.spreadsheets import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    SpreadsheetError,
    csv_bytes,
    neutralize,
    ods_bytes,
    ods_write,
    read_table,
)

NOT_A_TABLE = "Ce fichier n'est pas un tableau (ODS, XLSX ou CSV)."
NOT_UTF8 = (
    "Le fichier CSV n'est pas encodé en UTF-8 : dans votre tableur, enregistrez-le au format "
    "« CSV UTF-8 »."
)
DAMAGED = "Le fichier est endommagé ou incomplet"
UNSAFE = "refusé par sécurité"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def refused(data: bytes, filename: str = "eleves.csv") -> str:
    with pytest.raises(SpreadsheetError) as error:
        read_table(data, filename)
    return str(error.value)


# --- Files made for the tests ----------------------------------------------------------------


def xlsx(rows: list[list[object]], *, edit=None) -> bytes:
    """An XLSX written by openpyxl; `edit(sheet)` may add what `append` cannot."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Élèves"
    for row in rows:
        sheet.append(row)
    if edit:
        edit(sheet)
    workbook.create_sheet("Autre").append(["seconde feuille"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, name: str, change) -> bytes:
    """The same archive with one member's content passed through `change`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, change(content) if info.filename == name else content)
    return out.getvalue()


NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


def ods(table_xml: str, *, prolog: str = "", manifest_extra: str = "") -> bytes:
    """A minimal hand-written ODS whose first sheet holds `table_xml` (rows), as LibreOffice
    lays them out; a second sheet follows and must be ignored."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<office:document-content {NAMESPACES} office:version="1.3"><office:body>'
        '<office:spreadsheet><table:table table:name="Élèves">'
        '<table:table-column table:number-columns-repeated="1024"/>'
        f"{table_xml}</table:table>"
        '<table:table table:name="Autre"><table:table-row><table:table-cell '
        'office:value-type="string"><text:p>seconde feuille</text:p></table:table-cell>'
        "</table:table-row></table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="'
        f'{ODS_MIMETYPE.decode()}"/><manifest:file-entry manifest:full-path="content.xml" '
        f'manifest:media-type="text/xml">{manifest_extra}</manifest:file-entry>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return out.getvalue()


def row(*cells: str, repeat: int = 1) -> str:
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>{''.join(cells)}</table:table-row>"


def text(value: str, repeat: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{repeated}>'
        f"<text:p>{value}</text:p></table:table-cell>"
    )


def blank(repeat: int = 1) -> str:
    return f'<table:table-cell table:number-columns-repeated="{repeat}"/>'


def raw_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A ZIP built byte by byte from (name, stored payload, method, crc, declared size), so
    that the declared sizes can be anything."""
    local, central = b"", b""
    for name, payload, method, crc, size in members:
        encoded = name.encode()
        header = struct.pack("<HHHHHIII", 20, 0, method, 0, 0x21, crc, len(payload), size)
        central += (
            struct.pack("<IH", 0x02014B50, 20)
            + header
            + struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, len(local))
            + encoded
        )
        local += (
            (struct.pack("<I", 0x04034B50) + header + struct.pack("<HH", len(encoded), 0))
            + encoded
            + payload
        )
    count = len(members)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(local), 0)
    return local + central + end


def stored(name: str, content: bytes) -> tuple[str, bytes, int, int, int]:
    return (name, content, zipfile.ZIP_STORED, zlib.crc32(content), len(content))


@pytest.fixture(scope="module")
def zeros_200_mb() -> tuple[bytes, int, int]:
    """200 MiB of zeros as one raw deflate stream (about 200 KB), its CRC and its size. The
    stream repeats one fully flushed megabyte, so it is made in milliseconds."""
    megabyte = bytes(1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(megabyte) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(200):
        crc = zlib.crc32(megabyte, crc)
    return block * 200 + b"\x03\x00", crc, 200 * len(megabyte)  # 03 00: last, empty block


def assert_fast_and_small(data: bytes, filename: str, message: str) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        assert message in refused(data, filename)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 10 * 1024 * 1024


# --- CSV -------------------------------------------------------------------------------------

PUPILS = [
    ["Nom", "Prénom", "Date de naissance", "Classe"],
    ["Lévêque", "Jean-Pierre", "14/03/2012", "4e A"],
    ["N'Diaye", "Aïssatou", "02/11/2011", ""],
]


def test_a_utf8_csv_is_read_with_its_accents_and_without_its_trailing_blanks():
    data = (
        "\ufeffNom;Prénom;Date de naissance;Classe;;\r\n"
        " Lévêque ;Jean-Pierre;14/03/2012;4e A;;\r\n"
        "N'Diaye;\u00a0Aïssatou;02/11/2011\r\n"
        ";;;\r\n\r\n;  ;\r\n"
    ).encode()
    assert read_table(data, "eleves.csv") == PUPILS


def test_blank_rows_inside_the_table_are_kept_so_that_line_numbers_hold():
    table = read_table(b"Nom;Classe\n\nDupont;4e A\n", "eleves.csv")
    assert table == [["Nom", "Classe"], ["", ""], ["Dupont", "4e A"]]


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        ("Nom;Prénom;Classe", ["Nom", "Prénom", "Classe"]),
        ("Nom,Prénom,Classe", ["Nom", "Prénom", "Classe"]),
        ("Nom\tPrénom\tClasse", ["Nom", "Prénom", "Classe"]),
        ('"Nom, usage";Prénom', ["Nom, usage", "Prénom"]),  # commas inside quotes don't count
        ("Nom;Prénom,Classe", ["Nom", "Prénom,Classe"]),  # a tie: ';' wins
        ("Nom", ["Nom"]),
    ],
)
def test_the_separator_is_told_by_the_first_line(first_line, expected):
    assert read_table(f"{first_line}\r\n".encode(), "eleves.csv")[0] == expected


def test_quoted_cells_keep_separators_quotes_and_line_breaks():
    data = b'Nom;Remarque\r\nDupont;"a;b ""c""\r\nsuite"\r\n'
    assert read_table(data, "eleves.csv")[1] == ["Dupont", 'a;b "c"\r\nsuite']


def test_excel_s_separator_hint_line_is_obeyed_and_dropped():
    assert read_table(b"sep=,\r\nNom,Classe\r\nA;B,4e\r\n", "x.csv") == [
        ["Nom", "Classe"],
        ["A;B", "4e"],
    ]


def test_a_windows_1252_csv_is_refused_with_the_encoding_advice():
    data = "Nom;Prénom\r\nLévêque;Zoé\r\n".encode("cp1252")
    assert refused(data) == NOT_UTF8


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_utf16_csv_is_refused_with_the_encoding_advice(encoding):
    assert refused("Nom;Prénom\r\nLévêque;Zoé\r\n".encode(encoding)) == NOT_UTF8


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (PNG, "eleves.csv"),
        (PDF, "eleves.xlsx"),
        (random.Random(4).randbytes(4096), "eleves.ods"),
        (b"Nom;Pr\x00nom\r\n", "eleves.csv"),  # a NUL byte
        (b"<html><table><tr><td>Nom</td></tr></table></html>", "eleves.xls"),
        (b"{\\rtf1\\ansi Nom;Classe}", "eleves.csv"),
    ],
)
def test_files_that_are_not_tables_are_refused(data, filename):
    assert refused(data, filename) == NOT_A_TABLE


def test_an_empty_file_is_refused():
    assert refused(b"") == "Le fichier est vide."
    assert refused(b"\xef\xbb\xbf \r\n") == "Le fichier est vide."
    assert refused(b";;\r\n ; \r\n") == "Le fichier est vide."


def test_a_file_over_5_mb_is_refused_before_anything_else():
    assert refused(b"x" * (MAX_UPLOAD_BYTES + 1)) == "Le fichier dépasse 5 Mo."


def test_rows_and_columns_are_limited():
    header = "Nom\r\n"
    assert len(read_table((header + "x\r\n" * MAX_ROWS).encode(), "x.csv")) == MAX_ROWS + 1
    message = refused((header + "x\r\n" * (MAX_ROWS + 1)).encode())
    assert message.startswith(f"Le tableau dépasse {MAX_ROWS} lignes")
    # trailing blank rows and columns do not count
    assert len(read_table((header + "x\r\n" * MAX_ROWS + ";;\r\n" * 50).encode(), "x")) == 5001
    assert len(read_table((";".join("c" * MAX_COLUMNS) + ";" * 99).encode(), "x")[0]) == 50
    message = refused(";".join("c" * (MAX_COLUMNS + 1)).encode())
    assert message.startswith(f"Le tableau dépasse {MAX_COLUMNS} colonnes")


def test_a_csv_with_an_unclosed_quote_is_explained():
    assert "mal formé" in refused(b'Nom;Classe\r\n"Dupont;4e\r\n' + b"x" * 200_000)


# --- XLSX ------------------------------------------------------------------------------------


def test_an_xlsx_is_read_with_dates_numbers_and_accents():
    def edit(sheet):
        sheet["E1"].font = Font(bold=True)  # a styled, empty cell: a trailing column
        sheet["A30"].font = Font(bold=True)  # a styled, empty cell: trailing rows

    data = xlsx(
        [
            ["Nom", "Prénom", "Date de naissance", "Note", None],
            ["Lévêque ", "Jean-Pierre", datetime.datetime(2012, 3, 14), 12.5],
            ["N'Diaye", "Aïssatou", datetime.date(2011, 11, 2), 15.0],
            [],
            ["Zoé", None, datetime.datetime(2011, 1, 2, 8, 30), -3, True],
            ["Léo", "", "05/01/2013", 0.1 + 0.2, 10**15],
        ],
        edit=edit,
    )
    assert read_table(data, "eleves.xlsx") == [
        ["Nom", "Prénom", "Date de naissance", "Note", ""],
        ["Lévêque", "Jean-Pierre", "14/03/2012", "12.5", ""],
        ["N'Diaye", "Aïssatou", "02/11/2011", "15", ""],
        ["", "", "", "", ""],
        ["Zoé", "", "02/01/2011 08:30", "-3", "VRAI"],
        ["Léo", "", "05/01/2013", "0.3", "1000000000000000"],
    ]


def test_an_xlsx_formula_gives_its_cached_value():
    data = xlsx([["Nom", "Total"], ["Dupont", 424242]])
    data = rezip(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"<v>424242</v>", b"<f>SUM(1,1)</f><v>2</v>"),
    )
    assert read_table(data, "eleves.xlsx") == [["Nom", "Total"], ["Dupont", "2"]]


def test_an_xlsx_is_limited_in_rows_and_columns():
    rows: list[list[object]] = [["Nom"]] + [["x"]] * (MAX_ROWS + 1)
    assert refused(xlsx(rows), "eleves.xlsx").startswith("Le tableau dépasse 5000 lignes")
    wide = xlsx([["Nom"], ["x"]], edit=lambda sheet: sheet.cell(2, MAX_COLUMNS + 10, "loin"))
    assert refused(wide, "eleves.xlsx").startswith("Le tableau dépasse 50 colonnes")


def test_an_xlsx_with_a_styled_cell_in_the_last_column_is_read():
    data = xlsx([["Nom"], ["x"]], edit=lambda sheet: setattr(sheet["XFD2"], "font", Font(b=True)))
    assert read_table(data, "eleves.xlsx") == [["Nom"], ["x"]]


def test_an_xlsx_whose_rows_jump_far_away_is_refused_quickly():
    data = rezip(
        xlsx([["Nom"], ["x"]]),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'<row r="2"', b'<row r="2000000000"').replace(
            b'r="A2"', b'r="A2000000000"'
        ),
    )
    started = time.perf_counter()
    assert "trop de lignes" in refused(data, "eleves.xlsx")
    assert time.perf_counter() - started < 1.0


# --- ODS -------------------------------------------------------------------------------------


def test_an_ods_made_by_odfpy_is_read():
    document = OpenDocumentSpreadsheet()
    table = Table(name="Élèves")
    for values in [
        ("Nom", "Date de naissance", "Note"),
        ("Lévêque", datetime.date(2012, 3, 14), 12.5),
        ("Aïssatou", datetime.date(2011, 11, 2), 15),
    ]:
        table_row = TableRow()
        for value in values:
            if isinstance(value, datetime.date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.strftime("%m/%d/%y")))  # shown the American way
            elif isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_table(buffer.getvalue(), "eleves.ods") == [
        ["Nom", "Date de naissance", "Note"],
        ["Lévêque", "14/03/2012", "12.5"],
        ["Aïssatou", "02/11/2011", "15"],
    ]


def test_an_ods_reads_values_not_their_display_and_ignores_comments_and_drawings():
    cells = (
        '<table:table-cell office:value-type="float" office:value="12.50"><text:p>12,5'
        "</text:p></table:table-cell>"
        '<table:table-cell office:value-type="percentage" office:value="0.5"><text:p>50 %'
        "</text:p></table:table-cell>"
        '<table:table-cell office:value-type="date" office:date-value="2012-03-14T00:00:00">'
        "<text:p>mer. 14 mars</text:p></table:table-cell>"
        '<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>'
        "TRUE</text:p></table:table-cell>"
        '<table:table-cell office:value-type="string"><office:annotation><dc:creator>Prof'
        "</dc:creator><text:p>commentaire</text:p></office:annotation>"
        "<draw:frame><draw:text-box><text:p>dessin</text:p></draw:text-box></draw:frame>"
        '<text:p> Jean<text:s text:c="2"/><text:span>Pierre</text:span></text:p>'
        "<text:p>ligne 2</text:p></table:table-cell>"
    )
    data = ods(row(text("Note"), text("Taux"), text("Date"), text("Oui"), text("Nom")) + row(cells))
    assert read_table(data, "eleves.ods")[1] == [
        "12.5",
        "0.5",
        "14/03/2012",
        "VRAI",
        "Jean  Pierre\nligne 2",
    ]


def test_an_ods_with_a_million_repeated_blank_rows_and_columns_is_read_quickly():
    data = ods(
        row(text("Nom"), text("Classe"), blank(16382))
        + row(text("Zoé"), blank(1), text("4e A", repeat=2), blank(1020))
        + row(blank(1024), repeat=2)
        + row(text("Léo"), blank(16383))
        + row(blank(16384), repeat=1_048_571)
    )
    started = time.perf_counter()
    assert read_table(data, "eleves.ods") == [
        ["Nom", "Classe", "", ""],
        ["Zoé", "", "4e A", "4e A"],
        ["", "", "", ""],
        ["", "", "", ""],
        ["Léo", "", "", ""],
    ]
    assert time.perf_counter() - started < 0.5


def test_an_ods_repeat_over_the_limits_is_refused_without_building_it():
    too_many_rows = ods(row(text("Nom")) + row(text("x"), repeat=1_000_000))
    assert refused(too_many_rows, "eleves.ods").startswith("Le tableau dépasse 5000 lignes")
    too_many_columns = ods(row(text("Nom")) + row(blank(10), text("x", repeat=1_000_000)))
    assert refused(too_many_columns, "eleves.ods").startswith("Le tableau dépasse 50 colonnes")
    after_blanks = ods(row(text("Nom")) + row(blank(1), repeat=1_000_000) + row(text("x")))
    assert refused(after_blanks, "eleves.ods").startswith("Le tableau dépasse 5000 lignes")


def test_an_ods_with_a_doctype_is_refused():
    laughs = (
        '<!DOCTYPE office:document-content [<!ENTITY a "hahahahahahahahahaha">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )
    assert DAMAGED in refused(ods(row(text("&b;")), prolog=laughs), "eleves.ods")


def test_an_encrypted_ods_is_refused_with_the_password_advice():
    data = ods(row(text("Nom")), manifest_extra="<manifest:encryption-data/>")
    assert "mot de passe" in refused(data, "eleves.ods")


def test_an_ods_without_any_cell_is_empty():
    assert refused(ods(row(blank(1024), repeat=1_048_576)), "eleves.ods") == "Le fichier est vide."


# --- Format told by the content, not by the name ---------------------------------------------


def test_the_content_decides_the_format_not_the_extension():
    expected = [["Nom", "Classe"], ["Zoé", "4e A"]]
    assert read_table(xlsx(expected), "eleves.ods") == expected
    assert (
        read_table(
            ods(row(text("Nom"), text("Classe")) + row(text("Zoé"), text("4e A"))), "eleves.xlsx"
        )
        == expected
    )
    assert read_table("Nom;Classe\nZoé;4e A\n".encode(), "eleves.xlsx") == expected


def test_zip_files_that_are_not_spreadsheets_are_refused():
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("eleves.csv", "Nom;Classe\n")
    odt = raw_zip([stored("mimetype", b"application/vnd.oasis.opendocument.text")])
    empty = io.BytesIO()
    zipfile.ZipFile(empty, "w").close()
    for data in (docx.getvalue(), plain.getvalue(), odt, empty.getvalue()):
        assert refused(data, "eleves.xlsx") == NOT_A_TABLE


def test_a_truncated_or_corrupted_zip_is_refused_as_damaged():
    data = xlsx([["Nom"], ["Zoé"]])
    assert DAMAGED in refused(data[: len(data) // 2], "eleves.xlsx")
    position = data.index(b"xl/worksheets/sheet1.xml") + 100  # inside the compressed sheet
    corrupted = data[:position] + bytes(b ^ 0xFF for b in data[position : position + 20])
    assert DAMAGED in refused(corrupted + data[position + 20 :], "eleves.xlsx")


def test_old_excel_and_encrypted_office_files_get_their_own_advice():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert "Excel 97-2003" in refused(ole, "eleves.XLS")
    assert "mot de passe" in refused(ole, "eleves.xlsx")
    assert refused(ole, "eleves.doc") == NOT_A_TABLE


# --- ZIP bombs -------------------------------------------------------------------------------


def test_a_zip_bomb_disguised_as_ods_is_refused_fast_and_small(zeros_200_mb):
    stream, crc, size = zeros_200_mb
    bomb = raw_zip(
        [stored("mimetype", ODS_MIMETYPE), ("content.xml", stream, zipfile.ZIP_DEFLATED, crc, size)]
    )
    assert len(bomb) < MAX_UPLOAD_BYTES
    assert_fast_and_small(bomb, "eleves.ods", "une fois décompressé")


def test_a_zip_bomb_that_lies_about_its_size_is_refused_fast_and_small(zeros_200_mb):
    # The member says it holds 1000 bytes, with the CRC of 1000 zeros: zipfile checks the
    # sizes and the CRC of what it returns, but openpyxl reads whole members at once, and
    # zipfile inflates a whole member before cutting it to its declared size (about 460 MB of
    # memory for this file if openpyxl is handed the upload itself).
    stream, _, _ = zeros_200_mb
    liar = (zipfile.ZIP_DEFLATED, zlib.crc32(bytes(1000)), 1000)
    ods_bomb = raw_zip([stored("mimetype", ODS_MIMETYPE), ("content.xml", stream, *liar)])
    assert_fast_and_small(ods_bomb, "eleves.ods", DAMAGED)
    with zipfile.ZipFile(io.BytesIO(xlsx([["Nom"], ["Zoé"]]))) as real:
        members = [
            ("xl/workbook.xml", stream, *liar)
            if info.filename == "xl/workbook.xml"
            else stored(info.filename, real.read(info))
            for info in real.infolist()
        ]
    assert_fast_and_small(raw_zip(members), "eleves.xlsx", DAMAGED)


def test_a_highly_compressed_member_under_the_size_cap_is_refused():
    member = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(40 * 1024 * 1024)
    stream = member.compress(zeros) + member.flush()
    bomb = raw_zip(
        [
            stored("mimetype", ODS_MIMETYPE),
            ("content.xml", stream, zipfile.ZIP_DEFLATED, zlib.crc32(zeros), len(zeros)),
        ]
    )
    assert UNSAFE in refused(bomb, "eleves.ods")


def test_members_compressed_without_an_output_bound_are_refused():
    content = b"<office:document-content/>"
    bz2 = raw_zip(
        [
            stored("mimetype", ODS_MIMETYPE),
            ("content.xml", b"BZh9", zipfile.ZIP_BZIP2, zlib.crc32(content), len(content)),
        ]
    )
    assert UNSAFE in refused(bz2, "eleves.ods")


# --- Writing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x.invalid","clic")', '\'=HYPERLINK("http://x.invalid","clic")'),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Zoé = 2", "Zoé = 2"),
        # Look-alikes a spreadsheet may read as the same sign.
        ("＝1+1", "'＝1+1"),
        ("＋33 6", "'＋33 6"),
        ("－2", "'－2"),
        ("＠SUM(A1)", "'＠SUM(A1)"),
        ("﹦1", "'﹦1"),
        ("﹢1", "'﹢1"),
        ("−2", "'−2"),
        ("–2", "'–2"),
        ("Été", "Été"),
        ("", ""),
        (-2, -2),
        (-2.5, -2.5),
        (Decimal("-1"), Decimal("-1")),
        (None, None),
    ],
)
def test_neutralize(value, expected):
    assert neutralize(value) == expected


def test_csv_bytes_is_utf8_with_bom_semicolons_crlf_and_neutralised():
    data = csv_bytes(
        ["Nom", "Note", "Date"],
        [
            ['=HYPERLINK("http://x.invalid")', -2, datetime.date(2024, 5, 14)],
            ["-2", 12.5, None],
            ["+33 6 12", Decimal("3.10"), datetime.datetime(2024, 5, 14, 10, 30)],
            ["@x", True, "Zoé"],
        ],
    )
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.startswith('"Nom";"Note";"Date"\r\n')
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert list(csv.reader(io.StringIO(text), delimiter=";")) == [
        ["Nom", "Note", "Date"],
        ['\'=HYPERLINK("http://x.invalid")', "-2", "14/05/2024"],  # the number -2 stays
        ["'-2", "12,5", ""],  # the text "-2" is neutralised; decimal comma
        ["'+33 6 12", "3,1", "14/05/2024 10:30"],
        ["'@x", "Oui", "Zoé"],
    ]


def test_csv_bytes_is_read_back_by_read_table():
    rows: list[list[object]] = [["Lévêque", 12, datetime.date(2012, 3, 14)]]
    data = csv_bytes(["Nom", "Note", "Naissance"], rows)
    assert read_table(data, "export.csv") == [
        ["Nom", "Note", "Naissance"],
        ["Lévêque", "12", "14/03/2012"],
    ]


def test_ods_bytes_is_a_real_spreadsheet_that_reads_back():
    data = ods_bytes(
        ["Nom", "Note", "Date", "Certifiable"],
        [
            ["=1+1", 12.5, datetime.date(2024, 5, 14), True],
            ["-2", -2, datetime.datetime(2024, 5, 14, 10, 30), False],
            ["Zoé\nLigne 2", Decimal("3.10"), None, None],
            [None, 10**6, None, "NA"],
        ],
        sheet_name="4e A: résultats [2024/2025]",
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert archive.read("mimetype") == ODS_MIMETYPE
        content = archive.read("content.xml").decode()
    assert 'table:name="4e A résultats 2024 2025"' in content
    assert 'office:value-type="float" office:value="-2"' in content
    assert 'office:value-type="float" office:value="12.5"' in content
    assert 'office:date-value="2024-05-14"' in content
    assert 'fo:font-weight="bold"' in content
    assert content.count('table:style-name="Entete"') == 4
    assert read_table(data, "export.ods") == [
        ["Nom", "Note", "Date", "Certifiable"],
        ["'=1+1", "12.5", "14/05/2024", "Oui"],
        ["'-2", "-2", "14/05/2024 10:30", "Non"],
        ["Zoé\nLigne 2", "3.1", "", ""],
        ["", "1000000", "", "NA"],
    ]


def test_ods_bytes_without_rows_has_its_header():
    data = ods_bytes(["Nom", "Prénom"], [], sheet_name="")
    assert read_table(data, "export.ods") == [["Nom", "Prénom"]]


def test_ods_bytes_is_a_valid_package_that_odfpy_opens():
    data = ods_bytes(["Nom", "Note"], [["Zoé", 12.5], [None, 3]], sheet_name="Collecte")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        first = archive.infolist()[0]
        assert archive.testzip() is None
        assert "META-INF/manifest.xml" in names and "styles.xml" in names
        assert 'manifest:full-path="content.xml"' in archive.read("META-INF/manifest.xml").decode()
    # LibreOffice finds the type at a fixed offset: "mimetype" first, stored, no extra field.
    assert (first.filename, first.compress_type, first.extra) == (
        "mimetype",
        zipfile.ZIP_STORED,
        b"",
    )
    assert data[30:38] == b"mimetype" and data[38 : 38 + len(ODS_MIMETYPE)] == ODS_MIMETYPE
    document = load(io.BytesIO(data))
    table = document.spreadsheet.getElementsByType(Table)[0]
    rows = table.getElementsByType(TableRow)
    assert table.getAttribute("name") == "Collecte" and len(rows) == 3
    cells = rows[1].getElementsByType(TableCell)
    assert (
        teletype.extractText(cells[0]) == "Zoé" and cells[0].getAttribute("valuetype") == "string"
    )
    assert (cells[1].getAttribute("valuetype"), cells[1].getAttribute("value")) == ("float", "12.5")
    assert rows[2].getElementsByType(TableCell)[0].getAttribute("valuetype") is None  # empty


def test_ods_bytes_keeps_special_characters_spaces_and_empty_cells():
    texts = ['<b>"A & B"</b>', "deux  espaces", "a\tb   c", "émoji 🎓 et « guillemets »"]
    data = ods_bytes(
        ["Texte", "Vide", "Nombre"],
        [[text, None, value] for text, value in zip(texts, (0, -0.5, 1e-7, 10**15), strict=True)]
        + [["contrôle\x01\x0b caché", None, None]],
        sheet_name="Spéciaux",
    )
    assert read_table(data, "export.ods") == [
        ["Texte", "Vide", "Nombre"],
        ['<b>"A & B"</b>', "", "0"],
        ["deux  espaces", "", "-0.5"],
        ["a\tb   c", "", "0.0000001"],
        ["émoji 🎓 et « guillemets »", "", "1000000000000000"],
        ["contrôle caché", "", ""],
    ]
    # LibreOffice drops a space opening a paragraph and collapses runs: each is spelt out.
    leading = ods_bytes(["Texte"], [["  retrait"]], sheet_name="")
    with zipfile.ZipFile(io.BytesIO(leading)) as archive:
        content = archive.read("content.xml").decode()
    assert '<text:p><text:s/><text:s text:c="1"/>retrait</text:p>' in content


def test_ods_write_streams_rows_from_a_generator():
    written = io.BytesIO()
    rows = ([index, f"élève {index}"] for index in range(1000))
    ods_write(written, ["N", "Nom"], rows, sheet_name="Flux")
    table = read_table(written.getvalue(), "export.ods")
    assert len(table) == 1001 and table[-1] == ["999", "élève 999"]
