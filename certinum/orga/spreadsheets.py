"""Read uploaded tables (ODS, XLSX, CSV) and write exports (CSV, ODS), safely.

Pure Python, no Django. Uploads come from schools and are untrusted: the format is told by the
content, every limit is checked before the work it guards (declared ZIP sizes before any
extraction, repeat counts before any row is built), and every refusal is a SpreadsheetError whose
French message says what to do.

Reading returns text only: numbers with a dot as decimal separator ("12.5", "42"), dates as
JJ/MM/AAAA, booleans as VRAI/FAUX, cells stripped and NFC-normalised, every row padded to the
width of the table. Blank rows inside the table are kept (row N of the file is table[N - 1]);
trailing blank rows and columns are dropped.

Writing neutralises text against formula injection. Numbers (int, float, Decimal, not bool) are
written as numbers and left alone even when negative: their text is made here from digits, a
sign, a decimal separator and an exponent, so it cannot be a formula; text that merely looks like
a number ("-2", "+33 6…") is neutralised like any other text.
"""

import csv
import datetime
import io
import math
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import BinaryIO
from xml.parsers import expat
from xml.sax.saxutils import escape as xml_escape

import openpyxl


class SpreadsheetError(Exception):
    """A file that cannot be read as a table; the message is French and says what to do."""


MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # refuse larger uploads
MAX_ROWS = 5000  # data rows
MAX_COLUMNS = 50
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # zip bomb guard for ODS/XLSX (sum of members)

_MAX_ZIP_MEMBERS = 2000
_MAX_RATIO = 100  # uncompressed / compressed size of one member...
_RATIO_FLOOR = 1024 * 1024  # ...checked for members larger than this
_SMALL_MEMBER = 1024 * 1024  # mimetype, [Content_Types].xml, manifest
# Work bounds for openpyxl, well above what a table within the limits needs (MAX_ROWS rows of
# MAX_COLUMNS cells are about 2 million tags):
_XLSX_MAX_TAGS = 4_000_000  # XML tags in the whole package
_XLSX_MAX_ROWS = 50_000  # rows of the sheet, blank ones included
_XLSX_MAX_SLOTS = 20_000_000  # cells of those rows, blank ones included, as openpyxl pads them
_CHUNK = 64 * 1024
_MAX_SPACES = 100  # cap on one <text:s text:c="…"/>

_NOT_A_TABLE = "Ce fichier n'est pas un tableau (ODS, XLSX ou CSV)."
_NOT_UTF8 = (
    "Le fichier CSV n'est pas encodé en UTF-8 : dans votre tableur, enregistrez-le au format "
    "« CSV UTF-8 »."
)
_EMPTY = "Le fichier est vide."
_DAMAGED = (
    "Le fichier est endommagé ou incomplet : ouvrez-le dans votre tableur, enregistrez-le de "
    "nouveau, puis réessayez."
)
_UNSAFE = (
    "Le fichier contient des données compressées anormales : il est refusé par sécurité. "
    "Enregistrez le tableau de nouveau depuis votre tableur."
)
_TOO_COMPLEX = (
    "Le tableau contient trop de lignes ou de cellules mises en forme, même vides : copiez "
    "seulement les données dans un nouveau classeur, enregistrez-le, puis réessayez."
)
_PROTECTED = (
    "Ce fichier est protégé par un mot de passe : enregistrez-le sans mot de passe, au format "
    "ODS, XLSX ou CSV."
)
_OLD_EXCEL = (
    "Ce fichier est au format Excel 97-2003 (.xls) : dans votre tableur, enregistrez-le au "
    "format XLSX, ODS ou CSV."
)

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and encrypted .xlsx
_BINARY_MAGICS = (b"\x89PNG", b"%PDF", b"\xff\xd8\xff", b"GIF8", b"{\\rtf", b"%!PS", b"\x1f\x8b")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_ODS_MIMETYPES = (
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.spreadsheet-template",
)
_XLSX_CONTENT_TYPES = (
    "spreadsheetml.sheet.main+xml",
    "spreadsheetml.template.main+xml",
    "ms-excel.sheet.macroEnabled.main+xml",
    "ms-excel.template.macroEnabled.main+xml",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_LOOKALIKES = {"\u2212", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014"}  # minus, dashes
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 "
_DRAW_NS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0 "
_ODS_DATE = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?)?(?:Z|[+-]\d\d:\d\d)?"
)


# --- Reading ---------------------------------------------------------------------------------


def read_table(data: bytes, filename: str) -> list[list[str]]:
    """Rows of cell texts (header first), trailing empty rows/columns dropped, every cell
    stripped. The format is decided from the content (ZIP magic + mimetype/[Content_Types]
    member), not trusted from the extension: ODS, XLSX, or CSV/text. Dates in ODS/XLSX cells
    come back as 'JJ/MM/AAAA' text, whole numbers without '.0'.

    The file name only chooses the advice given for an OLE file (old .xls or encrypted file).
    """
    if not data:
        raise SpreadsheetError(_EMPTY)
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(f"Le fichier dépasse {_megabytes(MAX_UPLOAD_BYTES)} Mo.")
    if data.startswith(_ZIP_MAGICS):
        return _read_zip(data)
    if data.startswith(_OLE_MAGIC):
        extension = filename.lower().rpartition(".")[2]
        if extension == "xls":
            raise SpreadsheetError(_OLD_EXCEL)
        if extension in ("xlsx", "xlsm", "ods"):
            raise SpreadsheetError(_PROTECTED)
        raise SpreadsheetError(_NOT_A_TABLE)
    return _read_text(data)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


class _Rows:
    """Rows under the limits. Blank rows are only counted until a row with content follows, so
    a million repeated blank rows at the end of a sheet cost nothing."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.blank = 0

    def add(self, cells: list[str], repeat: int = 1) -> None:
        """Add `repeat` copies of a row whose trailing blank cells are already dropped."""
        if not cells:
            self.blank += repeat
            return
        if len(cells) > MAX_COLUMNS:
            raise SpreadsheetError(_too_many_columns())
        if len(self.rows) + self.blank + repeat > MAX_ROWS + 1:  # + 1: the header
            raise SpreadsheetError(
                f"Le tableau dépasse {MAX_ROWS} lignes : découpez-le en plusieurs fichiers."
            )
        self.rows.extend([] for _ in range(self.blank))
        self.blank = 0
        self.rows.extend(cells for _ in range(repeat))

    def table(self) -> list[list[str]]:
        if not self.rows:
            raise SpreadsheetError(_EMPTY)
        width = max(len(row) for row in self.rows)
        return [row + [""] * (width - len(row)) for row in self.rows]


def _too_many_columns() -> str:
    return f"Le tableau dépasse {MAX_COLUMNS} colonnes : supprimez les colonnes inutiles."


def _trimmed(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


# CSV and text


def _read_text(data: bytes) -> list[list[str]]:
    if data.startswith(_BINARY_MAGICS):
        raise SpreadsheetError(_NOT_A_TABLE)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 (or UTF-32) byte order mark
        raise SpreadsheetError(_NOT_UTF8)
    data = data.removeprefix(b"\xef\xbb\xbf")
    if _CONTROL_BYTES.search(data):
        raise SpreadsheetError(_NOT_UTF8 if _looks_like_utf16(data) else _NOT_A_TABLE)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SpreadsheetError(_NOT_UTF8) from None
    if not text.strip():
        raise SpreadsheetError(_EMPTY)
    if text.lstrip().startswith("<"):  # HTML or XML saved with a spreadsheet's extension
        raise SpreadsheetError(_NOT_A_TABLE)
    hint = re.match(r"sep=([;,\t|])[ \t]*(?:\r\n|\n|\r)", text)  # Excel's first-line hint
    if hint:
        delimiter, text = hint.group(1), text[hint.end() :]
    else:
        first_line = re.search(r"[^\r\n]*\S[^\r\n]*", text)
        delimiter = _sniff_delimiter(first_line.group() if first_line else "")
    rows = _Rows()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            rows.add(_trimmed([_clean(cell) for cell in record]))
    except csv.Error:
        raise SpreadsheetError(
            f"Le fichier CSV est mal formé vers la ligne {reader.line_num} (guillemet non fermé "
            "ou cellule trop longue) : corrigez-le ou enregistrez-le de nouveau depuis votre "
            "tableur."
        ) from None
    return rows.table()


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a byte order mark: every other byte of Latin text is NUL."""
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0), odd.count(0)) > 0.3 * max(len(odd), 1)


def _sniff_delimiter(line: str) -> str:
    """The separator that is most frequent outside quotes; ';' wins ties, then ','."""
    counts = dict.fromkeys(";,\t", 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(counts, key=counts.__getitem__)  # max keeps the first of equals


# ZIP containers


def _read_zip(data: bytes) -> list[list[str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # any failure to read the directory of an untrusted archive
        raise SpreadsheetError(_DAMAGED) from None
    with archive:
        infos = archive.infolist()
        _check_declared_sizes(infos)
        if _member_text(archive, "mimetype").strip() in _ODS_MIMETYPES:
            return _read_ods(archive)
        content_types = _member_text(archive, "[Content_Types].xml")
        if any(marker in content_types for marker in _XLSX_CONTENT_TYPES):
            return _read_xlsx(archive, infos)
    raise SpreadsheetError(_NOT_A_TABLE)


def _check_declared_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb from its directory alone, before anything is decompressed."""
    if len(infos) > _MAX_ZIP_MEMBERS:
        raise SpreadsheetError(_UNSAFE)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise SpreadsheetError(_PROTECTED)
        # bzip2 and lzma decompress without an output bound: only the two methods that
        # spreadsheets use are accepted.
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise SpreadsheetError(_UNSAFE)
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise SpreadsheetError(
                f"Le fichier dépasse {_megabytes(MAX_UNCOMPRESSED_BYTES)} Mo une fois "
                "décompressé : il est refusé par sécurité."
            )
        if info.file_size > _RATIO_FLOOR and info.file_size > _MAX_RATIO * info.compress_size:
            raise SpreadsheetError(_UNSAFE)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member read in chunks, never more than `limit` bytes whatever its header says."""
    chunks = []
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise SpreadsheetError(_UNSAFE)
                chunks.append(chunk)
    except SpreadsheetError:
        raise
    except Exception:  # bad CRC, truncated data, inconsistent headers...
        raise SpreadsheetError(_DAMAGED) from None
    return b"".join(chunks)


def _member_text(archive: zipfile.ZipFile, name: str) -> str:
    """A small member's text, or '' when it is missing or too large to be what we look for."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return ""
    if info.file_size > _SMALL_MEMBER:
        return ""
    return _read_member(archive, info, _SMALL_MEMBER).decode("utf-8", "replace")


# XLSX


def _read_xlsx(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> list[list[str]]:
    # openpyxl reads whole members at once, and zipfile inflates a whole member before
    # cutting it to its declared size: a member that lies about its size could fill the
    # memory. So the members are first copied, under the size cap, into a stored archive.
    # openpyxl spends about 10 µs on each XML tag (shared strings, styles, cells): the tags are
    # counted on the way, so that a small file cannot keep it busy for minutes.
    latest = {info.filename: info for info in infos if not info.is_dir()}
    copy = io.BytesIO()
    budget = MAX_UNCOMPRESSED_BYTES
    tags = 0
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as stored:
        for name, info in latest.items():
            content = _read_member(archive, info, budget)
            budget -= len(content)
            if name.lower().endswith((".xml", ".rels")):
                tags += content.count(b"<")
                if tags > _XLSX_MAX_TAGS:
                    raise SpreadsheetError(_TOO_COMPLEX)
            stored.writestr(name, content)
    rows = _Rows()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles, extensions...
            workbook = openpyxl.load_workbook(copy, read_only=True, data_only=True)
            try:
                if not workbook.worksheets:
                    raise SpreadsheetError(_EMPTY)
                sheet = workbook.worksheets[0]
                sheet.reset_dimensions()  # the declared dimensions may be wrong, or huge
                slots = 0
                for index, values in enumerate(sheet.iter_rows(values_only=True)):
                    # openpyxl yields a row for every row number up to the last one, and pads
                    # each row up to its last cell, styled or not: bound that work too.
                    slots += len(values)
                    if index >= _XLSX_MAX_ROWS or slots > _XLSX_MAX_SLOTS:
                        raise SpreadsheetError(_TOO_COMPLEX)
                    rows.add(_xlsx_cells(values))
            finally:
                workbook.close()
    except SpreadsheetError:
        raise
    except Exception:  # whatever a malformed workbook makes openpyxl raise
        raise SpreadsheetError(_DAMAGED) from None
    return rows.table()


def _xlsx_cells(values: tuple[object, ...]) -> list[str]:
    if len(values) > MAX_COLUMNS:
        # A styled empty cell far to the right makes openpyxl pad the row with None: count
        # them at C speed before converting anything.
        extra = values[MAX_COLUMNS:]
        if extra.count(None) != len(extra) and any(_xlsx_text(v) for v in extra):
            raise SpreadsheetError(_too_many_columns())
        values = values[:MAX_COLUMNS]
    return _trimmed([_xlsx_text(value) for value in values])


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, int | float | Decimal):
        return _number_text(value)
    if isinstance(value, datetime.date):  # datetime.datetime included
        return _date_text(value)
    if isinstance(value, datetime.time):
        return _time_text(value)
    return _clean(str(value))


# ODS


class _OdsReader:
    """Expat handlers that keep the first sheet of content.xml, repeats kept as counts."""

    def __init__(self) -> None:
        self.rows = _Rows()
        self.depth = 0  # table:table nesting; only depth 1 (the sheet) is read
        self.skip = 0  # depth inside an ignored element (comment, drawing) within a cell
        self.row_repeat = 1
        self.cells: list[str] = []
        self.blank_cells = 0  # blank cells not yet added to self.cells
        self.cell_attrs: dict[str, str] = {}
        self.cell_repeat = 1
        self.parts: list[str] | None = None  # the cell's text; None outside a cell
        self.paragraphs = 0
        self.in_paragraph = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.skip:
            self.skip += 1
        elif name == _TABLE_NS + "table":
            self.depth += 1
        elif self.depth != 1:
            pass
        elif name == _TABLE_NS + "table-row":
            self.row_repeat = _repeat(attrs.get(_TABLE_NS + "number-rows-repeated"))
            self.cells, self.blank_cells = [], 0
        elif name in (_TABLE_NS + "table-cell", _TABLE_NS + "covered-table-cell"):
            self.cell_attrs = attrs
            self.cell_repeat = _repeat(attrs.get(_TABLE_NS + "number-columns-repeated"))
            self.parts, self.paragraphs, self.in_paragraph = [], 0, 0
        elif self.parts is None:
            pass
        elif name == _OFFICE_NS + "annotation" or name.startswith(_DRAW_NS):
            self.skip = 1
        elif name in (_TEXT_NS + "p", _TEXT_NS + "h"):
            if self.paragraphs:
                self.parts.append("\n")
            self.paragraphs += 1
            self.in_paragraph += 1
        elif not self.in_paragraph:
            pass
        elif name == _TEXT_NS + "s":
            self.parts.append(" " * min(_repeat(attrs.get(_TEXT_NS + "c")), _MAX_SPACES))
        elif name == _TEXT_NS + "tab":
            self.parts.append("\t")
        elif name == _TEXT_NS + "line-break":
            self.parts.append("\n")

    def end(self, name: str) -> None:
        if self.skip:
            self.skip -= 1
        elif name == _TABLE_NS + "table":
            self.depth -= 1
            if self.depth == 0:
                raise _FirstSheetRead
        elif self.depth != 1:
            pass
        elif name in (_TABLE_NS + "table-cell", _TABLE_NS + "covered-table-cell"):
            self._end_cell()
        elif name == _TABLE_NS + "table-row":
            self.rows.add(self.cells, self.row_repeat)
            self.cells, self.blank_cells = [], 0
        elif name in (_TEXT_NS + "p", _TEXT_NS + "h") and self.in_paragraph:
            self.in_paragraph -= 1

    def text(self, data: str) -> None:
        if self.parts is not None and self.in_paragraph and not self.skip and self.depth == 1:
            self.parts.append(data)

    def _end_cell(self) -> None:
        value = _ods_value(self.cell_attrs, "".join(self.parts or ()))
        self.parts = None
        if not value:
            self.blank_cells += self.cell_repeat  # trailing blanks are never materialised
            return
        if len(self.cells) + self.blank_cells + self.cell_repeat > MAX_COLUMNS:
            raise SpreadsheetError(_too_many_columns())
        self.cells.extend([""] * self.blank_cells)
        self.blank_cells = 0
        self.cells.extend([value] * self.cell_repeat)


class _FirstSheetRead(Exception):
    """Stops the parser once the first sheet is read."""


def _repeat(value: str | None) -> int:
    if value is None:
        return 1
    try:
        count = int(value)
    except ValueError:  # also raised for absurdly long digit strings
        raise SpreadsheetError(_DAMAGED) from None
    return max(count, 1)


def _ods_value(attrs: dict[str, str], text: str) -> str:
    kind = attrs.get(_OFFICE_NS + "value-type", "")
    if kind in ("float", "percentage", "currency"):
        try:
            return _number_text(Decimal(attrs.get(_OFFICE_NS + "value", "").strip()))
        except InvalidOperation:
            pass
    elif kind == "date":
        match = _ODS_DATE.fullmatch(attrs.get(_OFFICE_NS + "date-value", "").strip())
        if match:
            try:
                year, month, day, hour, minute, second = (int(p or 0) for p in match.groups())
                # A spreadsheet cell has no time zone: the moment is as typed.
                moment = datetime.datetime(year, month, day, hour, minute, second)  # noqa: DTZ001
            except ValueError:
                pass
            else:
                return _date_text(moment)
    elif kind == "boolean":
        flag = attrs.get(_OFFICE_NS + "boolean-value", "").strip().lower()
        if flag in ("true", "false"):
            return "VRAI" if flag == "true" else "FAUX"
    return _clean(text)


def _read_ods(archive: zipfile.ZipFile) -> list[list[str]]:
    if "encryption-data" in _member_text(archive, "META-INF/manifest.xml"):
        raise SpreadsheetError(_PROTECTED)
    try:
        info = archive.getinfo("content.xml")
    except KeyError:
        raise SpreadsheetError(_DAMAGED) from None
    reader = _OdsReader()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    # No DOCTYPE means no entity declaration: nothing to expand, nothing external to fetch.
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.text
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                if size > MAX_UNCOMPRESSED_BYTES:
                    raise SpreadsheetError(_UNSAFE)
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _FirstSheetRead:
        pass
    except SpreadsheetError:
        raise
    except Exception:  # XML errors, bad CRC, truncated data...
        raise SpreadsheetError(_DAMAGED) from None
    return reader.rows.table()


def _refuse_doctype(*_args: object) -> None:
    raise SpreadsheetError(_DAMAGED)


# Values as text


def _number_text(value: int | float | Decimal) -> str:
    """'42', '-3', '12.5', '0.001': no '.0', no float noise (15 significant digits)."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        value = Decimal(f"{value:.15g}")
    if not value.is_finite() or not -30 < value.adjusted() < 30:
        return str(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _date_text(value: datetime.date) -> str:
    """JJ/MM/AAAA, followed by HH:MM[:SS] for a date and time that is not midnight."""
    if isinstance(value, datetime.datetime):
        latest = datetime.datetime.max.replace(tzinfo=value.tzinfo)
        if value.microsecond and value < latest - datetime.timedelta(seconds=1):
            value += datetime.timedelta(microseconds=500_000)  # round to the second
        if value.time().replace(microsecond=0) != datetime.time():
            return f"{value:%d/%m}/{value.year:04d} {_time_text(value.time())}"
    return f"{value:%d/%m}/{value.year:04d}"


def _time_text(value: datetime.time) -> str:
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


# --- Writing ---------------------------------------------------------------------------------


def neutralize(value: object) -> object:
    """Text starting with '=', '+', '-', '@', tab or CR — or a look-alike a spreadsheet may
    read the same way (full-width ＝＋－＠, small ﹦﹢﹣, the minus sign −) — gets a leading
    apostrophe ("'=1+1"); numbers, None and other text unchanged."""
    if isinstance(value, str) and value:
        first = unicodedata.normalize("NFKC", value[0])
        if first.startswith(_FORMULA_STARTS) or first in _FORMULA_LOOKALIKES:
            return "'" + value
    return value


def _as_number(value: object) -> int | float | Decimal | None:
    """The value if it is a finite number, to be written as a number (a bool is not one)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return value
    if isinstance(value, Decimal) and value.is_finite():
        return value
    return None


def _export_text(value: object) -> str:
    """A cell as French spreadsheets show it: decimal comma, JJ/MM/AAAA, Oui/Non."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    amount = _as_number(value)
    if amount is not None:
        return _number_text(amount).replace(".", ",")
    if isinstance(value, datetime.date):  # datetime.datetime included
        return _date_text(value)
    if isinstance(value, datetime.time):
        return _time_text(value)
    return str(neutralize(str(value)))


def csv_bytes(header: list[str], rows: Iterable[Sequence[object]]) -> bytes:
    """`csv_write` into memory."""
    buffer = io.BytesIO()
    csv_write(buffer, header, rows)
    return buffer.getvalue()


def csv_write(target: BinaryIO, header: list[str], rows: Iterable[Sequence[object]]) -> None:
    """UTF-8 with BOM, ';' separator, every header quoted (QUOTE_ALL is fine), CRLF, cells
    neutralised against formula injection; written row by row.

    Numbers use a decimal comma ("12,5"), as French Excel and LibreOffice expect with ';'.
    """
    text = io.TextIOWrapper(target, encoding="utf-8", newline="", write_through=True)
    text.write("\ufeff")
    writer = csv.writer(text, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([_export_text(cell) for cell in header])
    writer.writerows([_export_text(cell) for cell in row] for row in rows)
    text.detach()  # leave `target` open for the caller


def ods_bytes(header: list[str], rows: Iterable[Sequence[object]], *, sheet_name: str) -> bytes:
    """`ods_write` into memory."""
    buffer = io.BytesIO()
    ods_write(buffer, header, rows, sheet_name=sheet_name)
    return buffer.getvalue()


def ods_write(
    target: BinaryIO, header: list[str], rows: Iterable[Sequence[object]], *, sheet_name: str
) -> None:
    """A real OpenDocument spreadsheet, streamed: content.xml is written row by row into the
    ZIP, so memory stays flat however long the table. Header row bold, numbers as numeric
    cells, text cells neutralised against formula injection.

    Dates are date cells shown JJ/MM/AAAA (and HH:MM when not midnight); booleans are the
    texts Oui/Non. The sheet name is cleaned of the characters spreadsheets refuse ([]*?:/\\)
    and cut to 31 characters.
    """
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        # The OpenDocument package rule: "mimetype" first, stored, so that the type can be
        # read at a fixed offset of the file.
        archive.writestr("mimetype", _ODS_MIMETYPES[0], compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        archive.writestr("styles.xml", _ODS_STYLES)
        with archive.open("content.xml", "w") as member:
            title = xml_escape(_sheet_title(sheet_name), _XML_ATTRIBUTE)
            member.write(_ODS_CONTENT_START.format(title=title).encode())
            header_cells = "".join(_ods_header_cell(title) for title in header)
            chunk = [f"<table:table-row>{header_cells}</table:table-row>"]
            for row in rows:
                chunk.append(f"<table:table-row>{''.join(map(_ods_cell, row))}</table:table-row>")
                if len(chunk) >= 200:  # a few hundred KB at most between two writes
                    member.write("".join(chunk).encode())
                    chunk.clear()
            chunk.append(_ODS_CONTENT_END)
            member.write("".join(chunk).encode())


_XML_ATTRIBUTE = {'"': "&quot;"}
_ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'office:version="1.3"'
)
_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.3">'
    '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
    f'manifest:media-type="{_ODS_MIMETYPES[0]}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
_ODS_STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f"<office:document-styles {_ODS_NAMESPACES}><office:styles/></office:document-styles>"
)
_DAY_MONTH_YEAR = (
    '<number:day number:style="long"/><number:text>/</number:text>'
    '<number:month number:style="long"/><number:text>/</number:text>'
    '<number:year number:style="long"/>'
)
_ODS_CONTENT_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f"<office:document-content {_ODS_NAMESPACES}><office:automatic-styles>"
    '<style:style style:name="Entete" style:family="table-cell">'
    '<style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" '
    'style:font-weight-complex="bold"/></style:style>'
    f'<number:date-style style:name="FormatDate">{_DAY_MONTH_YEAR}</number:date-style>'
    f'<number:date-style style:name="FormatDateHeure">{_DAY_MONTH_YEAR}'
    '<number:text> </number:text><number:hours number:style="long"/>'
    '<number:text>:</number:text><number:minutes number:style="long"/></number:date-style>'
    '<style:style style:name="Date" style:family="table-cell" '
    'style:data-style-name="FormatDate"/>'
    '<style:style style:name="DateHeure" style:family="table-cell" '
    'style:data-style-name="FormatDateHeure"/>'
    "</office:automatic-styles><office:body><office:spreadsheet>"
    '<table:table table:name="{title}">'
)
_ODS_CONTENT_END = "</table:table></office:spreadsheet></office:body></office:document-content>"
_SPACE_RUN = re.compile("  +")


def _ods_header_cell(title: str) -> str:
    return (
        '<table:table-cell table:style-name="Entete" office:value-type="string">'
        f"{_ods_paragraphs(title)}</table:table-cell>"
    )


def _ods_cell(value: object) -> str:
    """A typed cell: float, date (styled Date or DateHeure) or string; None is an empty cell."""
    if value is None:
        return "<table:table-cell/>"
    amount = _as_number(value)
    if amount is not None:
        return (
            f'<table:table-cell office:value-type="float" office:value="{_number_text(amount)}">'
            f"<text:p>{_export_text(amount)}</text:p></table:table-cell>"
        )
    if isinstance(value, datetime.date):
        if isinstance(value, datetime.datetime):
            stamp = value.replace(tzinfo=None).isoformat(timespec="seconds")
            style = "Date" if stamp.endswith("T00:00:00") else "DateHeure"
        else:
            stamp, style = value.isoformat(), "Date"
        return (
            f'<table:table-cell table:style-name="{style}" office:value-type="date" '
            f'office:date-value="{stamp}"><text:p>{_export_text(value)}</text:p>'
            "</table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string">{_ods_paragraphs(value)}</table:table-cell>'
    )


def _ods_paragraphs(value: object) -> str:
    """The cell's text (neutralised by _export_text), a paragraph a line; tabs and runs of
    spaces spelt out, since XML readers collapse white space."""
    text = xml_escape(_XML_ILLEGAL.sub("", _export_text(value)))
    if "\t" in text:
        text = text.replace("\t", "<text:tab/>")
    if "  " in text:
        text = _SPACE_RUN.sub(lambda run: f' <text:s text:c="{len(run[0]) - 1}"/>', text)
    # A space opening a paragraph would be dropped by the same rule: spell it out too.
    return "".join(
        f"<text:p><text:s/>{line[1:]}</text:p>"
        if line.startswith(" ")
        else f"<text:p>{line}</text:p>"
        for line in text.split("\n")
    )


def _sheet_title(name: str) -> str:
    cleaned = " ".join(re.sub(r"[\[\]*?:/\\]", " ", _XML_ILLEGAL.sub("", name)).split())
    cleaned = cleaned.strip("'").strip()
    return cleaned[:31] or "Feuille 1"
