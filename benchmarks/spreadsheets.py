"""Time the ODS export of a campaign: odfpy (the writer we had) against our streaming writer.

    .venv/bin/python benchmarks/spreadsheets.py [--rows 1000] [--columns 44] [--runs 5]

The table is shaped like a real campaign export (spec 02 §4): a few text columns, a date,
then numbers for the levels and pix of each competence, some "NA" and some empty cells.
Prints the median and best wall time of each writer, the file sizes and the peak memory,
and checks that both files read back to the same table. odfpy is a test dependency only
(`pip install -e ".[test]"`); its writer below is the one the project used before.
"""

from __future__ import annotations

import argparse
import datetime
import io
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from odf import number
from odf.element import Element
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TextProperties
from odf.table import Table, TableCell, TableRow
from odf.text import P

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from certinum.orga import spreadsheets

Writer = Callable[[list[str], list[list[object]]], bytes]


def campaign_table(rows: int, columns: int) -> tuple[list[str], list[list[object]]]:
    header = [f"Colonne {index} « é »" for index in range(columns)]
    table: list[list[object]] = []
    for index in range(rows):
        line: list[object] = ["Collège Jean-Moulin", 42, "ABCDEF234", "Collecte 3e"]
        line += [f"Nom-{index}", f"Prénom {index}", "3e B", "Oui"]
        line += [datetime.date(2025, 3, 1 + index % 28), 312 + index % 50, "Non", 3]
        while len(line) < columns:
            line += [index % 6, (index * 7) % 48] if index % 9 else ["NA", None]
        table.append(line[:columns])
    return header, table


def odfpy_write(header: list[str], rows: list[list[object]]) -> bytes:
    """The former writer (odfpy), kept here as the reference; same cells and styles."""
    document = OpenDocumentSpreadsheet()
    bold = Style(name="Entete", family="table-cell")
    bold.addElement(
        TextProperties(fontweight="bold", fontweightasian="bold", fontweightcomplex="bold")
    )
    document.automaticstyles.addElement(bold)
    date_style = _odfpy_date_style(document)
    table = Table(name="Collecte")
    header_row = TableRow()
    for title in header:
        cell = TableCell(valuetype="string", stylename=bold)
        cell.addElement(P(text=title))
        header_row.addElement(cell)
    table.addElement(header_row)
    for row in rows:
        table_row = TableRow()
        for value in row:
            table_row.addElement(_odfpy_cell(value, date_style))
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _odfpy_date_style(document: OpenDocumentSpreadsheet) -> Element:
    data_style = number.DateStyle(name="FormatDate")
    for part in (
        number.Day(style="long"),
        number.Text(text="/"),
        number.Month(style="long"),
        number.Text(text="/"),
        number.Year(style="long"),
    ):
        data_style.addElement(part)
    style = Style(name="Date", family="table-cell", datastylename="FormatDate")
    document.automaticstyles.addElement(data_style)
    document.automaticstyles.addElement(style)
    return style


def _odfpy_cell(value: object, date_style: Element) -> Element:
    if value is None:
        return TableCell()
    if isinstance(value, int):
        cell = TableCell(valuetype="float", value=str(value))
    elif isinstance(value, datetime.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat(), stylename=date_style)
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=spreadsheets._export_text(value)))
    return cell


def ours_write(header: list[str], rows: list[list[object]]) -> bytes:
    return spreadsheets.ods_bytes(header, rows, sheet_name="Collecte")


def measure(writer: Writer, header: list[str], rows: list[list[object]], runs: int) -> dict:
    writer(header, rows)  # warm-up (imports, caches)
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        data = writer(header, rows)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    writer(header, rows)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"median": statistics.median(times), "best": min(times), "size": len(data), "peak": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--columns", type=int, default=44)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    header, rows = campaign_table(options.rows, options.columns)
    print(f"{options.rows} rows × {options.columns} columns, {options.runs} runs")
    print(f"Python {platform.python_version()} on {platform.machine()}")
    results = {}
    for name, writer in (("odfpy", odfpy_write), ("streaming (ours)", ours_write)):
        results[name] = measure(writer, header, rows, options.runs)
        figures = results[name]
        print(
            f"{name:<18} median {figures['median'] * 1000:7.0f} ms   "
            f"best {figures['best'] * 1000:7.0f} ms   "
            f"file {figures['size'] / 1024:6.0f} KB   peak memory {figures['peak'] / 2**20:5.1f} MB"
        )
    speedup = results["odfpy"]["median"] / results["streaming (ours)"]["median"]
    print(f"speed-up: × {speedup:.1f}")
    same = spreadsheets.read_table(odfpy_write(header, rows), "a.ods") == spreadsheets.read_table(
        ours_write(header, rows), "b.ods"
    )
    print("both files read back to the same table:", "yes" if same else "NO")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
