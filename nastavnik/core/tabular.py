"""One reader for every table a user uploads: CSV, XLSX and DOCX.

Imports of organisations, roadmaps and bases of mentors/mentees describe the
columns they need (:class:`Column`) and get back plain text rows
(:class:`Table`), whatever the file looked like.  Files come from Excel and Word
in Russian schools and are messy: titles above the table, two-level headers
with merged cells, a row of column numbers under the header, headers phrased
in a dozen ways, cp1251 CSV with ``;``.  Everything the user must fix is
reported as :class:`TableError` with a Russian message naming the file.

The module is deliberately free of Django so it can be used (and tested)
anywhere.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import warnings
import zipfile
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Literal

import docx
import openpyxl
from docx.oxml.table import CT_Tbl, CT_Tc
from docx.table import Table as DocxTable
from docx.table import _Row as DocxRow
from lxml import etree
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import column_index_from_string, coordinate_to_tuple, get_column_letter
from openpyxl.utils.escape import unescape as unescape_ooxml
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import INLINE_STRING as _INLINE_STRING
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

__all__ = ["Column", "Row", "Table", "TableError", "normalize_header", "read_table"]


class TableError(Exception):
    """A problem with the whole file; ``str(error)`` is ready to show to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    """A column an import expects; ``label`` and ``synonyms`` are matched against headers."""

    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False


@dataclass
class Row:
    """A data row.

    ``values`` has a key for every column passed to :func:`read_table`
    (``""`` for optional columns absent from the file); ``cells`` only for the
    columns found, telling the user where the value is ("B" or "столбец 2").
    """

    number: int
    values: dict[str, str]
    cells: dict[str, str]


@dataclass
class Table:
    """The rows read, with what was understood of the header.

    ``columns`` gives the 0-based position of each column found: the
    spreadsheet column for XLSX, the field for CSV, the cell of the header row
    for DOCX (as the user counts them, whatever Word's merges).
    ``column_names`` is the header as written ("Контакты / Телефон" under a
    two-level header); ``unknown_headers`` are headers that were ignored.
    """

    filename: str
    header_row: int
    columns: dict[str, int]
    column_names: dict[str, str]
    unknown_headers: list[str]
    rows: list[Row]


# --------------------------------------------------------------------------- limits

_HEADER_SCAN_ROWS = 15
"""How many non-empty rows at the top of a sheet/table may hold the header."""

_MAX_COLUMNS = 512
"""Cells to the right of this are ignored: no import has that many columns."""

# XLSX/DOCX may unpack to max(50 * max_bytes, 100 MiB): a guard against zip bombs.
_UNZIPPED_RATIO = 50
_UNZIPPED_FLOOR = 100 * 1024 * 1024

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_MAGIC = b"PK\x03\x04"
_TEXT_EXTENSIONS = frozenset({".csv", ".txt"})
_OFFICE_EXTENSIONS = frozenset({".xlsx", ".docx"})

_ColumnStyle = Literal["letter", "number"]


# --------------------------------------------------------------------------- messages


def _unsupported(name: str) -> TableError:
    return TableError(f"Файл «{name}»: формат не поддерживается. Загрузите XLSX, CSV или DOCX.")


def _corrupt(name: str) -> TableError:
    return TableError(f"Файл «{name}» повреждён или не является файлом Excel/Word.")


def _empty(name: str) -> TableError:
    return TableError(f"Файл «{name}» пуст.")


def _format_size(size: int) -> str:
    for unit, scale in (("МБ", 1024 * 1024), ("КБ", 1024)):
        if size >= scale:
            amount = f"{size / scale:.1f}".rstrip("0").rstrip(".")
            return f"{amount.replace('.', ',')} {unit}"
    return f"{size} байт"


def _format_count(count: int) -> str:
    return f"{count:,}".replace(",", "\u00a0")


def _join_labels(columns: Sequence[Column]) -> str:
    return ", ".join(column.label for column in columns)


# --------------------------------------------------------------------------- text helpers

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


_NEEDS_CLEANING = re.compile(r"[^\S ]|  |[\u00ad\u200b-\u200d\u2060\ufeff]")


def _clean(text: str) -> str:
    """Cell text as the user means it: lines stripped, blank lines and odd spaces gone."""
    if not _NEEDS_CLEANING.search(text):
        return text.strip(" ")  # the usual case, and the hot path for big files
    text = text.translate(_INVISIBLE)
    lines = (_SPACES.sub(" ", line).strip() for line in _LINE_BREAKS.split(text))
    return "\n".join(line for line in lines if line)


# "Ф.И.О." / "Ф. И. О." -> "ФИО", so abbreviations match their undotted spelling.
_DOTTED_ABBREVIATION = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]\.\s?){2,}")


def normalize_header(text: str) -> str:
    """Header text reduced for comparison.

    Lower case, ``ё`` -> ``е``, punctuation (including trailing ``:`` and ``*``)
    turned into spaces, whitespace and line breaks collapsed.  ``№`` is kept as
    a word of its own: it is the usual header of the row-number column.
    """
    text = _clean(text).lower().replace("ё", "е")
    text = _DOTTED_ABBREVIATION.sub(lambda m: re.sub(r"[.\s]", "", m.group()) + " ", text)
    chars = (ch if ch.isalnum() else " № " if ch == "№" else " " for ch in text)
    return " ".join("".join(chars).split())


# A light Russian stemmer: enough for "мероприятие"/"мероприятия"/"мероприятий"
# or "наставник"/"наставника" to compare equal, without a dependency.
_ENDINGS = (  # longest first
    *("иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "иях", "ией", "ием", "иям"),
    *("ая", "яя", "ое", "ее", "ые", "ие", "ий", "ый", "ой", "ом", "ем", "ам", "ям", "ах", "ях"),
    *("ов", "ев", "ей", "ью", "ия", "ии", "ию", "ую", "юю", "их", "ых"),
    *("а", "я", "ы", "и", "е", "у", "ю", "о", "ь", "й"),
)
_STOP_WORDS = frozenset(
    {"и", "в", "во", "на", "по", "для", "с", "со", "о", "об", "от", "за", "к", "из", "у", "при", "или", "а"}
    | {"п"}  # of "п/п"
)


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


@dataclass(frozen=True)
class _Form:
    """A header or synonym prepared for comparison."""

    norm: str
    compact: str
    stems: frozenset[str]

    @classmethod
    def of(cls, text: str) -> _Form:
        norm = normalize_header(text)
        stems = frozenset(_stem(word) for word in norm.split() if word not in _STOP_WORDS)
        return cls(norm, norm.replace(" ", ""), stems)


def _score(header: _Form, candidate: _Form) -> int:
    """How well a header names a candidate (label or synonym); 0 means not at all.

    Bands: identical text > identical without spaces ("e-mail"/"email") > same
    words > candidate's words inside the header (more words matched and fewer
    extra words is better) > header's words inside the candidate.
    """
    if not header.norm or not candidate.norm:
        return 0
    if header.norm == candidate.norm:
        return 4000
    if header.compact == candidate.compact:
        return 3500
    if not header.stems or not candidate.stems:
        return 0
    if header.stems == candidate.stems:
        return 3000
    if candidate.stems <= header.stems:
        extra = len(header.stems - candidate.stems)
        return 2000 + 100 * min(len(candidate.stems), 9) - min(extra, 99)
    if header.stems <= candidate.stems:
        extra = len(candidate.stems - header.stems)
        return 1000 + 100 * min(len(header.stems), 9) - min(extra, 99)
    return 0


# --------------------------------------------------------------------------- raw rows


@dataclass
class _RawRow:
    """A row as read from the file, positions aligned across rows.

    A merged cell keeps its text at its first position and ``""`` at the
    others; ``spans`` maps such a start position to its end (exclusive).
    """

    number: int
    cells: list[str]
    spans: dict[int, int] | None = None
    block_start: bool = False  # first row of a continuation table (DOCX)

    def is_empty(self) -> bool:
        return not any(self.cells)

    def width(self) -> int:
        ends = self.spans.values() if self.spans else ()
        return max(len(self.cells), *ends) if ends else len(self.cells)

    def owner(self, position: int) -> int:
        """Start position of the (possibly merged) cell covering ``position``."""
        if self.spans:
            for start, end in self.spans.items():
                if start <= position < end:
                    return start
        return position

    def end(self, start: int) -> int:
        return self.spans.get(start, start + 1) if self.spans else start + 1

    def text_at(self, position: int) -> str:
        return self.cells[position] if position < len(self.cells) else ""

    def covering_text(self, position: int) -> str:
        return self.text_at(self.owner(position))


@dataclass
class _Source:
    """One sheet (XLSX), table or run of adjacent tables (DOCX), or the whole CSV."""

    rows: Iterator[_RawRow]
    style: _ColumnStyle


def _is_numbering(row: _RawRow, min_count: int = 2) -> bool:
    """A row of column numbers ("1", "2", "3"…) printed under many official headers."""
    texts = [text for text in row.cells if text]
    if len(texts) < max(2, min_count):
        return False
    return all(text.rstrip(".)") == str(i) for i, text in enumerate(texts, start=1))


# --------------------------------------------------------------------------- header matching


@dataclass
class _HeaderCell:
    start: int
    end: int
    text: str
    group: str  # the merged group header above, if the header has two levels
    plain: _Form
    combined: _Form | None
    group_form: _Form | None

    @property
    def display(self) -> str:
        return f"{self.group} / {self.text}" if self.group else self.text


@dataclass
class _HeaderMatch:
    rows: tuple[_RawRow, ...]
    cells: list[_HeaderCell]
    assigned: dict[int, int]  # column index -> header cell index
    required_found: int

    @property
    def last_row(self) -> _RawRow:
        return self.rows[-1]


class _Matcher:
    def __init__(self, columns: Sequence[Column]):
        self.columns = list(columns)
        self.forms: list[tuple[_Form, ...]] = []
        for column in self.columns:
            forms = {form.norm: form for form in map(_Form.of, (column.label, *column.synonyms)) if form.norm}
            self.forms.append(tuple(forms.values()))
        self.required = [i for i, column in enumerate(self.columns) if column.required]
        self.min_matches = min(2, len(self.columns))

    def recognisable(self, match: _HeaderMatch) -> bool:
        return match.required_found > 0 or len(match.assigned) >= self.min_matches

    def complete(self, match: _HeaderMatch) -> bool:
        return match.required_found == len(self.required)

    def header_words(self, row: _RawRow) -> bool:
        """Whether most of the row's cells (two at least) name some column: a sub-header."""
        texts = [text for text in row.cells if text]
        named = sum(1 for text in texts if self.names_a_column(_Form.of(text)))
        return named >= 2 and named * 2 >= len(texts)

    def names_a_column(self, form: _Form) -> bool:
        return any(_score(form, candidate) > 0 for forms in self.forms for candidate in forms)

    def missing(self, match: _HeaderMatch) -> list[Column]:
        return [self.columns[i] for i in self.required if i not in match.assigned]

    def score(self, cell: _HeaderCell, column: int) -> int:
        """Best score of the header cell for the column.

        Under a group header ("Наставник" over "ФИО" | "Должность") the words
        together decide, so "ФИО" there goes to "ФИО наставника" rather than to
        a bare "ФИО" column; a candidate found in the group text alone does not
        count, otherwise a group over several columns would match them all.
        """
        best = 0
        for candidate in self.forms[column]:
            plain = _score(cell.plain, candidate)
            if cell.combined is None or cell.group_form is None:
                best = max(best, plain)
                continue
            best = max(best, plain // 2)
            in_group = candidate.stems <= cell.group_form.stems or cell.group_form.norm == candidate.norm
            if candidate.stems and not in_group:
                best = max(best, _score(cell.combined, candidate))
        return best

    def match(self, rows: tuple[_RawRow, ...]) -> _HeaderMatch:
        cells = _header_cells(rows[-1], rows[0] if len(rows) == 2 else None)
        scored = [
            (score, column, index)
            for index, cell in enumerate(cells)
            for column in range(len(self.columns))
            if (score := self.score(cell, column)) > 0
        ]
        scored.sort(key=lambda item: (-item[0], item[1], item[2]))
        assigned: dict[int, int] = {}
        used: set[int] = set()
        for _score_value, column, index in scored:
            if column not in assigned and index not in used:
                assigned[column] = index
                used.add(index)
        required_found = sum(1 for i in self.required if i in assigned)
        return _HeaderMatch(rows, cells, assigned, required_found)


def _header_cells(lower: _RawRow, upper: _RawRow | None) -> list[_HeaderCell]:
    """Header cells of ``lower``, completed from ``upper`` for a two-level header.

    Where ``lower`` is empty the text comes from ``upper`` (a cell merged
    vertically without merge information, e.g. "№" over both rows); where both
    have text, ``upper`` is the group header of a merged block.
    """
    width = max(lower.width(), upper.width() if upper else 0)
    result: list[_HeaderCell] = []
    for position in range(width):
        if lower.owner(position) != position:
            continue
        text = lower.text_at(position)
        group = ""
        if upper is not None:
            above = upper.covering_text(position)
            if not text:
                text = above if upper.owner(position) == position else ""
            elif above and normalize_header(above) != normalize_header(text):
                group = above
        if not text:
            continue
        result.append(
            _HeaderCell(
                start=position,
                end=lower.end(position),
                text=text,
                group=group,
                plain=_Form.of(text),
                combined=_Form.of(f"{group} {text}") if group else None,
                group_form=_Form.of(group) if group else None,
            )
        )
    return result


def _find_header(rows: list[_RawRow], matcher: _Matcher) -> _HeaderMatch | None:
    """Best header among the first rows: one row, or two for a two-level header.

    The best names the most required columns, then the most columns; the
    earlier wins a tie, so a two-level header beats its own lower row.
    """
    best: _HeaderMatch | None = None
    best_key = (-1, -1)
    for i, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        if _is_numbering(row):
            continue
        match = matcher.match((row,))
        below = rows[i + 1] if i + 1 < len(rows) else None
        if below is not None and below.number == row.number + 1 and _can_be_group_row(row, below):
            # The lower row joins when it names more columns, or as many in words of a header.
            pair = matcher.match((row, below))
            if _rank(pair) > _rank(match) or (_rank(pair) == _rank(match) and matcher.header_words(below)):
                match = pair
        if matcher.recognisable(match) and _rank(match) > best_key:
            best, best_key = match, _rank(match)
    return best


def _rank(match: _HeaderMatch) -> tuple[int, int]:
    return match.required_found, len(match.assigned)


def _can_be_group_row(upper: _RawRow, lower: _RawRow) -> bool:
    """Whether ``upper`` may be the first level of a two-level header over ``lower``.

    A title or an "УТВЕРЖДАЮ" stamp above the header is not: it has a single
    cell, or leaves most of the header below uncovered.
    """
    if _is_numbering(lower) or sum(1 for text in upper.cells if text) < 2:
        return False
    positions = [
        p
        for p in range(max(lower.width(), upper.width()))
        if lower.owner(p) == p and (lower.text_at(p) or upper.covering_text(p))
    ]
    covered = sum(1 for p in positions if upper.covering_text(p))
    return covered * 2 >= len(positions)


# --------------------------------------------------------------------------- building the table


_WORD_CHAR = re.compile(r"[^\W_]|№")


def _first_letter(text: str) -> str:
    """The first character of ``normalize_header(text)``, computed cheaply."""
    found = _WORD_CHAR.search(text)
    return found.group().lower().replace("ё", "е") if found else ""


class _Layout:
    """Maps a found header onto data rows."""

    def __init__(self, match: _HeaderMatch, matcher: _Matcher, style: _ColumnStyle):
        self.style = style
        header = match.last_row
        starts = [p for p in range(max(header.width(), 1)) if header.owner(p) == p]
        visual = {start: number for number, start in enumerate(starts, start=1)}
        self.blank = dict.fromkeys((column.key for column in matcher.columns), "")
        # (key, start, end, location of start) for each column found, in file order
        self.plan: list[tuple[str, int, int, str]] = []
        self.header_norms: dict[str, str] = {}
        self.column_names: dict[str, str] = {}
        self.columns: dict[str, int] = {}
        for column_index, cell_index in sorted(match.assigned.items(), key=lambda item: item[1]):
            key = matcher.columns[column_index].key
            cell = match.cells[cell_index]
            if style == "letter":
                self.columns[key] = cell.start
                location = get_column_letter(cell.start + 1)
            else:
                self.columns[key] = visual.get(cell.start, cell.start + 1) - 1
                location = f"столбец {self.columns[key] + 1}"
            self.plan.append((key, cell.start, cell.end, location))
            self.header_norms[key] = normalize_header(cell.text)
            self.column_names[key] = cell.display
        used = set(match.assigned.values())
        self.unknown_headers = [cell.display for i, cell in enumerate(match.cells) if i not in used]
        self.numbering_min = max(2, (len(match.cells) + 1) // 2)
        self.repeat_min = min(2, len(self.plan))

    def extract(self, raw: _RawRow) -> tuple[dict[str, str], dict[str, str]]:
        values = self.blank.copy()
        cells: dict[str, str] = {}
        texts = raw.cells
        for key, start, end, location in self.plan:
            cells[key] = location
            if end == start + 1:
                values[key] = texts[start] if start < len(texts) else ""
                continue
            # A header merged over several columns: the data may be split under it.
            found = [p for p in range(start, min(end, len(texts))) if texts[p]]
            values[key] = " ".join(texts[p] for p in found)
            if found and self.style == "letter":
                cells[key] = get_column_letter(found[0] + 1)
        return values, cells

    def repeats_header(self, values: dict[str, str]) -> bool:
        """The header printed again (on every page, or in a continuation table)."""
        filled = [(key, value) for key, value in values.items() if value]
        if len(filled) < self.repeat_min:
            return False
        return all(
            key in self.header_norms
            and _first_letter(value) == self.header_norms[key][:1]  # cheap rejection first
            and normalize_header(value) == self.header_norms[key]
            for key, value in filled
        )


def _collect_rows(
    layout: _Layout, matcher: _Matcher, rows: Iterator[_RawRow], name: str, max_rows: int
) -> list[Row]:
    result: list[Row] = []
    at_start = True  # right after the header, or at the top of a continuation table
    continuation = False
    for raw in rows:
        if raw.block_start:
            at_start = continuation = True
        if raw.is_empty():
            continue
        if at_start:
            if _is_numbering(raw, layout.numbering_min):
                continue
            if continuation and matcher.header_words(raw):
                continue  # the header repeated over a continuation table, maybe in two rows
            at_start = False
        values, cells = layout.extract(raw)
        if not any(values.values()) or layout.repeats_header(values):
            continue
        if len(result) >= max_rows:
            raise TableError(
                f"Файл «{name}»: слишком много строк (больше {_format_count(max_rows)}). Разделите файл на части."
            )
        result.append(Row(raw.number, values, cells))
    return result


# --------------------------------------------------------------------------- file type detection


def _display_name(filename: str) -> str:
    return re.split(r"[\\/]", filename)[-1] or filename


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _looks_encrypted(data: bytes) -> bool:
    """OLE container with an ``.xlsx``/``.docx`` name: encrypted OOXML or an old .xls/.doc.

    Excel and Word store password-protected files as an OLE container with an
    ``EncryptionInfo`` stream; a renamed old-format file has a ``Workbook`` or
    ``WordDocument`` stream instead.  Unknown content is taken as encrypted.
    """
    if "EncryptionInfo".encode("utf-16-le") in data:
        return True
    return not any(stream.encode("utf-16-le") in data for stream in ("Workbook", "Book", "WordDocument"))


def _detect(data: bytes, name: str, max_bytes: int) -> Literal["csv", "xlsx", "docx"]:
    extension = _extension(name)
    if extension not in _TEXT_EXTENSIONS | _OFFICE_EXTENSIONS:
        raise _unsupported(name)
    if data.startswith(_OLE_MAGIC):
        if extension in _OFFICE_EXTENSIONS and _looks_encrypted(data):
            raise TableError(f"Файл «{name}» защищён паролем. Снимите пароль и загрузите снова.")
        raise _unsupported(name)
    if data.startswith(_ZIP_MAGIC):
        # The content decides: an .xlsx saved under a .csv or .docx name is read all the same.
        return _zip_kind(data, name, max_bytes)
    if extension in _OFFICE_EXTENSIONS:
        raise _corrupt(name)
    return "csv"


def _zip_kind(data: bytes, name: str, max_bytes: int) -> Literal["xlsx", "docx"]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _corrupt(name) from exc
    if sum(info.file_size for info in infos) > max(_UNZIPPED_RATIO * max_bytes, _UNZIPPED_FLOOR):
        raise TableError(f"Файл «{name}» слишком велик после распаковки. Разделите его на части.")
    names = [info.filename for info in infos]
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("word/") for n in names):
        return "docx"
    raise _corrupt(name)


def _guarded(rows: Iterator[_RawRow], name: str) -> Iterator[_RawRow]:
    """Turns any parser failure on malformed content into the "corrupt file" message.

    openpyxl and python-docx read lazily and raise all kinds of exceptions
    (KeyError, ValueError, XML syntax errors…) on broken files.
    """
    try:
        yield from rows
    except TableError:
        raise
    except Exception as exc:
        raise _corrupt(name) from exc


# --------------------------------------------------------------------------- CSV


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" (.txt) is UTF-16 with tabs.
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def _sniff_delimiter(text: str) -> str:
    """The delimiter giving the most records of the same width (more fields on a tie).

    Consistency beats counting characters: Russian numbers like "12,5" in a
    ``;`` file give ``,`` fields but not a steady number of them.
    """
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_key = ";", (0, 0)
    for delimiter in (";", ",", "\t"):
        widths: list[int] = []
        try:
            for record in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
                if any(field.strip() for field in record):
                    widths.append(len(record))
                if len(widths) >= 50:
                    break
        except csv.Error:
            continue
        multi = [width for width in widths if width > 1]
        if not multi:
            continue
        width, frequency = Counter(multi).most_common(1)[0]
        if (frequency, width) > best_key:
            best, best_key = delimiter, (frequency, width)
    return best


_SEP_LINE = re.compile(r"sep=(.)[ \t]*(?:\r\n|\r|\n|$)")


def _csv_sources(data: bytes, name: str) -> Iterator[_Source]:
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _unsupported(name)  # binary content under a .csv/.txt name
    text = _decode(data)
    if not text.strip():
        raise _empty(name)
    # Excel writes and hides a "sep=;" first line; row numbers follow what Excel shows.
    if sep := _SEP_LINE.match(text):
        delimiter, text = sep.group(1), text[sep.end() :]
    else:
        delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterator[_RawRow]:
        number = 0
        try:
            for number, record in enumerate(reader, start=1):
                yield _RawRow(number, [_clean(value) for value in record[:_MAX_COLUMNS]])
        except csv.Error as exc:
            raise TableError(
                f"Файл «{name}»: не удалось прочитать строку {number + 1}. Проверьте кавычки и разделители."
            ) from exc

    yield _Source(rows(), "number")


# --------------------------------------------------------------------------- XLSX


def _format_float(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = f"{value:.15g}"
    return format(Decimal(text), "f") if "e" in text else text


def _format_date(value: date) -> str:
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def _format_time(value: time) -> str:
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


def _format_value(value: object) -> str:
    """A cell value as the user reads it in a Russian Excel (bar the decimal point)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _clean(unescape_ooxml(value))
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _format_float(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return _format_date(value)
        return f"{_format_date(value)} {_format_time(value.time())}"
    if isinstance(value, date):
        return _format_date(value)
    if isinstance(value, time):
        return _format_time(value)
    if isinstance(value, timedelta):
        minutes, seconds = divmod(int(value.total_seconds()), 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")
    return _clean(str(value))


@dataclass
class _Merge:
    first_row: int
    last_row: int
    first_col: int  # 0-based
    last_col: int
    value: str = ""


_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z]{1,3})(\d+):([A-Za-z]{1,3})(\d+)\"")


def _read_merges(archive: zipfile.ZipFile, path: str) -> list[_Merge]:
    """Merged ranges of a sheet.

    openpyxl's read-only mode does not expose them; they sit after the cell
    data, so the sheet XML is scanned for ``<mergeCells>`` in chunks.
    """
    try:
        handle = archive.open(path.lstrip("/"))
    except KeyError:
        return []
    with handle:
        tail = b""
        while chunk := handle.read(1 << 20):
            buffer = tail + chunk
            found = buffer.find(b"mergeCells")
            if found >= 0:
                body = buffer[found:] + handle.read()
                break
            tail = buffer[-32:]
        else:
            return []
    merges = []
    for first_col, first_row, last_col, last_row in _MERGE_REF.findall(body):
        merge = _Merge(
            first_row=int(first_row),
            last_row=int(last_row),
            first_col=column_index_from_string(first_col.decode().upper()) - 1,
            last_col=min(column_index_from_string(last_col.decode().upper()) - 1, _MAX_COLUMNS - 1),
        )
        if merge.first_col < _MAX_COLUMNS and (merge.first_row, merge.first_col) != (
            merge.last_row,
            merge.last_col,
        ):
            merges.append(merge)
    return merges


class _MergeTracker:
    """Applies a sheet's merged ranges to its rows as they stream by.

    Excel semantics are kept: the text stays in the first column of a range
    (as in an unmerged sheet) and the other columns read empty; rows below the
    first repeat the text, since the user sees one cell covering them all
    (python-docx does the same for Word tables).
    """

    def __init__(self, merges: list[_Merge]):
        self._pending = deque(sorted(merges, key=lambda merge: merge.first_row))
        self._active: list[_Merge] = []

    def apply(self, number: int, cells: list[str]) -> dict[int, int] | None:
        while self._pending and self._pending[0].first_row <= number:
            self._active.append(self._pending.popleft())
        if not self._active:
            return None
        self._active = [merge for merge in self._active if merge.last_row >= number]
        spans: dict[int, int] = {}
        for merge in self._active:
            if len(cells) <= merge.first_col:
                cells.extend([""] * (merge.first_col + 1 - len(cells)))
            if number == merge.first_row:
                merge.value = cells[merge.first_col]
            else:
                cells[merge.first_col] = merge.value
            for position in range(merge.first_col + 1, min(merge.last_col + 1, len(cells))):
                cells[position] = ""
            if merge.last_col > merge.first_col:
                spans[merge.first_col] = merge.last_col + 1
        return spans or None


_INLINE_TEXT = f"{{{SHEET_MAIN_NS}}}t"


class _UnsizedSheet(ReadOnlyWorksheet):
    """A read-only sheet that does not look for its stored dimensions when opened.

    The rows are read with the dimensions reset anyway (they are often wrong), and where a file has
    none, openpyxl's look-up parses the whole sheet once more just to find that out: for a big base
    written by a program rather than by Excel, a third of the time of reading it.
    """

    def _get_size(self) -> None:
        pass

    def _cells_by_row(self, min_col, min_row, max_col, max_row, values_only=False):
        """openpyxl's own, reading the sheet with :class:`_SheetParser`."""
        if (min_col, min_row, max_col, max_row, values_only) != (1, 1, None, None, True) or self.max_row:
            yield from super()._cells_by_row(min_col, min_row, max_col, max_row, values_only)
            return
        counter = 1
        with self._get_source() as source:
            parser = _SheetParser(
                source,
                self._shared_strings,
                data_only=self.parent.data_only,
                epoch=self.parent.epoch,
                date_formats=self.parent._date_formats,
                timedelta_formats=self.parent._timedelta_formats,
            )
            for index, row in parser.parse():
                while counter < index:  # rows missing from the file
                    counter += 1
                    yield ()
                if counter <= index:
                    counter += 1
                    yield self._get_row(row, 1, None, True)


class _SheetParser(WorkSheetParser):
    """openpyxl's sheet parser with a shortcut for the usual inline string, ``<is><t>…</t></is>``.

    Programs that write big tables (openpyxl's write-only mode among them) store text inline, and
    openpyxl builds a rich-text object for every such cell only to take its text back: half the time
    of reading such a file. Anything else (rich text runs, formulas) goes to openpyxl as before.
    """

    def parse_cell(self, element):
        if element.get("t") != "inlineStr" or self.rich_text or not self.data_only:
            return super().parse_cell(element)
        inline = element.find(_INLINE_STRING)
        if inline is None or len(inline) != 1 or inline[0].tag != _INLINE_TEXT:
            return super().parse_cell(element)
        coordinate = element.get("r")
        style_id = element.get("s", 0)
        if style_id:
            style_id = int(style_id)
        if coordinate:
            row, column = coordinate_to_tuple(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        value = inline[0].text or ""
        return {"row": row, "column": column, "value": value, "data_type": "s", "style_id": style_id}


class _WorkbookReader(ExcelReader):
    """``openpyxl.load_workbook(read_only=True)`` opening its sheets as :class:`_UnsizedSheet`;
    chartsheets, which hold no cells, are left out."""

    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            worksheet = _UnsizedSheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def _load_workbook(data: bytes) -> openpyxl.Workbook:
    reader = _WorkbookReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read()
    return reader.wb


def _xlsx_sources(data: bytes, name: str) -> Iterator[_Source]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions, missing styles…
            workbook = _load_workbook(data)
    except Exception as exc:
        raise _corrupt(name) from exc
    archive = zipfile.ZipFile(io.BytesIO(data))
    try:
        sheets = sorted(workbook.worksheets, key=lambda ws: ws.sheet_state != "visible")
        for sheet in sheets:
            yield _Source(_guarded(_xlsx_rows(sheet, archive), name), "letter")
    finally:
        archive.close()
        workbook.close()


def _xlsx_rows(sheet: ReadOnlyWorksheet, archive: zipfile.ZipFile) -> Iterator[_RawRow]:
    path = getattr(sheet, "_worksheet_path", None)  # read-only mode hides merged cells
    merges = _MergeTracker(_read_merges(archive, path) if path else [])
    sheet.reset_dimensions()  # the stored dimensions are often wrong and would cut columns off
    rows = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
    for number, values in enumerate(rows, start=1):
        cells = [
            # Text without escapes (nearly every cell of a base) takes the short way round.
            _clean(value) if type(value) is str and "_x" not in value else _format_value(value)
            for value in values[:_MAX_COLUMNS]
        ]
        yield _RawRow(number, cells, merges.apply(number, cells))


# --------------------------------------------------------------------------- DOCX

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_P, _W_R, _W_TC, _W_TBL = f"{_W}p", f"{_W}r", f"{_W}tc", f"{_W}tbl"
_W_T = f"{_W}t"
_RUN_SPECIAL = {
    f"{_W}tab": "\t",
    f"{_W}ptab": "\t",
    f"{_W}br": "\n",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "-",
}


def _nearest(element: etree._Element, tags: tuple[str, ...]) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag not in tags:
        parent = parent.getparent()
    return parent


def _docx_cell_text(tc: CT_Tc) -> str:
    """Paragraphs joined with newlines, each stripped.

    Read from the XML rather than ``cell.text``, which misses text inside
    content controls and tracked insertions; text of nested tables and text
    boxes is left out (a nested table is read as a table of its own).
    """
    lines = []
    for paragraph in tc.iter(_W_P):
        if _nearest(paragraph, (_W_TC, _W_P)) is not tc:
            continue
        parts = []
        for run in paragraph.iter(_W_R):
            if _nearest(run, (_W_P,)) is not paragraph:
                continue
            for child in run:
                if child.tag == _W_T:
                    parts.append(child.text or "")
                elif child.tag in _RUN_SPECIAL:
                    parts.append(_RUN_SPECIAL[child.tag])
        lines.append("".join(parts))
    return _clean("\n".join(lines))


def _docx_grid(row: DocxRow) -> list[CT_Tc | None]:
    """Cells of a row by layout-grid column: a merged cell repeats, vertically merged
    continuation cells give the cell above (python-docx semantics)."""
    try:
        tcs = [cell._tc for cell in row.cells]
    except Exception:  # a malformed vertical merge (nothing above to continue)
        tcs = [tc for tc in row._tr.tc_lst for _ in range(tc.grid_span)]
    before: list[CT_Tc | None] = [None] * row.grid_cols_before
    return before + tcs


def _table_width(tbl: CT_Tbl) -> int | None:
    try:
        return len(tbl.tblGrid.gridCol_lst)
    except Exception:
        return None


def _next_adjacent_table(tbl: CT_Tbl) -> CT_Tbl | None:
    """The table right after this one with only empty paragraphs between.

    Word users break a long table in two (by page, by pasting); the second part
    belongs to the same table and must not be lost.
    """
    sibling = tbl.getnext()
    while sibling is not None:
        if sibling.tag == _W_TBL:
            return sibling  # type: ignore[return-value]
        is_blank_paragraph = sibling.tag == _W_P and not "".join(sibling.itertext()).strip()
        if not is_blank_paragraph and not sibling.tag.endswith(("}bookmarkStart", "}bookmarkEnd")):
            return None
        sibling = sibling.getnext()
    return None


def _docx_sources(data: bytes, name: str) -> Iterator[_Source]:
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise _corrupt(name) from exc
    parent = document._body
    consumed: set[CT_Tbl] = set()
    for tbl in document.element.body.iter(_W_TBL):
        if tbl in consumed:
            continue
        group = [tbl]
        width = _table_width(tbl)
        while width is not None and (following := _next_adjacent_table(group[-1])) is not None:
            if _table_width(following) != width:
                break
            group.append(following)
            consumed.add(following)
        yield _Source(_guarded(_docx_rows(group, parent), name), "number")


def _docx_rows(group: list[CT_Tbl], parent: object) -> Iterator[_RawRow]:
    """Rows of a table (and its continuation tables, numbered on from it).

    Positions follow the layout grid so columns line up across rows; a cell
    spanning several grid columns (python-docx repeats it, the same ``_tc``)
    keeps its text at the first position only.
    """
    offset = 0
    for table_index, tbl in enumerate(group):
        table = DocxTable(tbl, parent)  # type: ignore[arg-type]
        texts: dict[CT_Tc, str] = {}
        count = 0
        for count, row in enumerate(table.rows, start=1):
            grid = _docx_grid(row)[:_MAX_COLUMNS]
            cells: list[str] = []
            spans: dict[int, int] = {}
            position = 0
            while position < len(grid):
                tc = grid[position]
                end = position + 1
                while tc is not None and end < len(grid) and grid[end] is tc:
                    end += 1
                if tc is not None and tc not in texts:
                    texts[tc] = _docx_cell_text(tc)
                cells.append(texts[tc] if tc is not None else "")
                cells.extend([""] * (end - position - 1))
                if end - position > 1:
                    spans[position] = end
                position = end
            yield _RawRow(offset + count, cells, spans or None, block_start=count == 1 and table_index > 0)
        offset += count


# --------------------------------------------------------------------------- entry point


def read_table(
    data: bytes,
    filename: str,
    columns: Sequence[Column],
    *,
    max_bytes: int = 10 * 1024 * 1024,
    max_rows: int = 200_000,
) -> Table:
    """Read the user's table and map its columns onto ``columns``.

    The first sheet (XLSX, visible sheets first) or table (DOCX) with a
    recognisable header is used: within its first 15 non-empty rows, a row
    (or two rows of a two-level header) naming at least one required column,
    or two columns.  Rows with nothing in the recognised columns, a row of
    column numbers under the header and repeated headers are skipped.

    Raises :class:`TableError` for anything the user has to fix in the file.
    """
    if not columns:
        raise ValueError("read_table() needs at least one column")
    keys = [column.key for column in columns]
    if len(set(keys)) != len(keys):
        raise ValueError(f"duplicate column keys: {keys}")

    name = _display_name(filename)
    if not data:
        raise _empty(name)
    if len(data) > max_bytes:
        raise TableError(f"Файл «{name}» больше допустимого размера ({_format_size(max_bytes)}).")

    kind = _detect(data, name, max_bytes)
    if kind == "xlsx":
        sources = _xlsx_sources(data, name)
    elif kind == "docx":
        sources = _docx_sources(data, name)
    else:
        sources = _csv_sources(data, name)

    matcher = _Matcher(columns)
    try:
        return _read(sources, matcher, name, kind, max_rows)
    finally:
        sources.close()


def _read(sources: Iterator[_Source], matcher: _Matcher, name: str, kind: str, max_rows: int) -> Table:
    saw_source = saw_content = False
    partial: _HeaderMatch | None = None
    for source in sources:
        saw_source = True
        buffered: list[_RawRow] = []
        for raw in source.rows:
            if raw.is_empty():
                continue
            buffered.append(raw)
            if len(buffered) > _HEADER_SCAN_ROWS:  # one more: the header may have two rows
                break
        saw_content = saw_content or bool(buffered)
        match = _find_header(buffered, matcher)
        if match is None:
            continue
        if not matcher.complete(match):
            partial = partial or match
            continue
        layout = _Layout(match, matcher, source.style)
        after = next(i for i, raw in enumerate(buffered) if raw is match.last_row) + 1
        rows = _collect_rows(layout, matcher, _chain(buffered[after:], source.rows), name, max_rows)
        return Table(
            filename=name,
            header_row=match.last_row.number,
            columns=layout.columns,
            column_names=layout.column_names,
            unknown_headers=layout.unknown_headers,
            rows=rows,
        )

    expected = [matcher.columns[i] for i in matcher.required] or matcher.columns
    if partial is not None:
        missing = matcher.missing(partial)
        found = ", ".join(f"«{cell.display}»" for cell in partial.cells[:20])
        what = "не найден обязательный столбец" if len(missing) == 1 else "не найдены обязательные столбцы"
        raise TableError(f"Файл «{name}»: {what}: {_join_labels(missing)}. Столбцы в файле: {found}.")
    if kind == "docx" and not saw_source:
        raise TableError(
            f"Файл «{name}»: в документе нет таблиц. Ожидается таблица со столбцами: {_join_labels(expected)}."
        )
    if not saw_content:
        raise _empty(name)
    raise TableError(
        f"Файл «{name}»: не найдена строка заголовков. Ожидаются столбцы: {_join_labels(expected)}."
    )


def _chain(first: list[_RawRow], rest: Iterator[_RawRow]) -> Iterator[_RawRow]:
    yield from first
    yield from rest
