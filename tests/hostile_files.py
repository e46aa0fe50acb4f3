"""Small files that would exhaust the machine, and workshop files that would crash or poison it, built from
made-up words: in the test corpus small (tests/test_hostile_files.py) and full size in benchmarks/hostile.py.
"""
from __future__ import annotations

import io
import json
import sqlite3
import zipfile

import openpyxl

from wtfc import edits
from wtfc.model import NOT_WORKING, WORKING, Action, Statement, Theme
from wtfc.store import Store
from wtfc.workshop_file import export_workshop

SAID = "The carers are kind and they stay for the whole visit when I need them to "
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_XML = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{{}}</sheetData></worksheet>'
SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings"
SHARED_STRINGS_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def dump(path) -> list[str]:
    """Everything in the store file, as SQL: equal dumps mean nothing at all was written."""
    with sqlite3.connect(path) as db:
        return list(db.iterdump())


def shared_string_workbook(rows: int, length: int = 5_000) -> bytes:
    """A wide-layout workbook whose one long shared string is the statement of every one of ``rows`` rows:
    a few KB zipped, ``rows`` × ``length`` characters once read."""
    same_row = '<row><c t="s"><v>1</v></c></row>'  # rows and cells may leave out their numbers: these zip to nothing
    return _workbook('<row><c t="s"><v>0</v></c></row>' + same_row * rows,
                     ["What's working", (SAID * (length // len(SAID) + 1))[:length - 1] + "."])


def far_cell_workbook(rows: int) -> bytes:
    """A workbook whose every row also has an empty, formatted cell in column XFD (16,384), which a reader
    that pads rows to their last cell turns into 16,384 cells a row."""
    same_row = '<row><c t="s"><v>2</v></c><c t="s"><v>3</v></c><c r="XFD1" s="0"/></row>'
    return _workbook('<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>' + same_row * rows,
                     ["Statement", "Category", "The carers are kind", WORKING])


def _workbook(sheet_rows: str, shared: list[str]) -> bytes:
    """A workbook saved by openpyxl, its sheet replaced by ``sheet_rows`` and given a table of shared strings
    (openpyxl itself writes every string into its cell)."""
    plain = io.BytesIO()
    openpyxl.Workbook().save(plain)
    strings = "".join(f"<si><t>{text}</t></si>" for text in shared)
    parts = {"xl/worksheets/sheet1.xml": SHEET_XML.format(sheet_rows),
             "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}" uniqueCount="{len(shared)}">{strings}</sst>'}
    added = {"[Content_Types].xml": ("</Types>", f'<Override PartName="/xl/sharedStrings.xml" '
                                                 f'ContentType="{SHARED_STRINGS}+xml"/></Types>'),
             "xl/_rels/workbook.xml.rels": ("</Relationships>", f'<Relationship Id="rIdStrings" Type="'
                                                                f'{SHARED_STRINGS_RELATION}" Target="sharedStrings.xml"/>'
                                                                "</Relationships>")}
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = parts.pop(info.filename, None) or source.read(info.filename).decode()
            if info.filename in added:
                content = content.replace(*added[info.filename])
            target.writestr(info.filename, content)
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def wide_header_csv(columns: int, named: bool = True) -> bytes:
    """A header of ``columns`` columns (named "c3", "c4"… or left blank) over one statement."""
    rest = (f"c{i}" for i in range(3, columns + 1)) if named else ("" for _ in range(3, columns + 1))
    return ",".join(["Statement", "Category", *rest]).encode() + b"\r\nThe carers are kind,working\r\n"


def wide_row_csv(rows: int, width: int) -> bytes:
    """``rows`` ordinary statements and one row of ``width`` cells."""
    ordinary = b"".join(b"P%d,The carers come on time number %d,working\r\n" % (i % 50, i) for i in range(rows))
    return b"Person ref,Statement,Category\r\n" + ordinary + b"P0," + b"x," * (width - 2) + b"x\r\n"


def long_csv(rows: int) -> bytes:
    """An honest long-layout file of ``rows`` statements."""
    return b"Person ref,Statement,Category\r\n" + b"".join(
        b"P%d,%s number %d,%s\r\n" % (i % 500, SAID.strip().encode(), i, b"working" if i % 2 else b"not working")
        for i in range(rows))


# -- workshop files --------------------------------------------------------------------------------

def sound_workshop_file(store: Store, statements: int = 6) -> dict:
    """A workshop with statements, a theme they were moved into and an action, exported and read back."""
    workshop_id = store.create_workshop("Homecare reviews").id
    said = [Statement(text=f"{SAID}({i})", category=NOT_WORKING, person_ref=f"P{i}", review_date="2025-03-31",
                      source_row=i + 2, position=i) for i in range(statements)]
    store.apply(workshop_id, edits.add_statements(said, "reviews.csv"))
    theme = Theme(NOT_WORKING, "I want to know who is coming", position=1)
    store.apply(workshop_id, edits.create_theme(theme))
    store.apply(workshop_id, edits.move_statements(store.statements(workshop_id), theme))
    store.apply(workshop_id, edits.add_action(theme, Action(theme.id, "Send the rota each week", due="2025-06-30")))
    return json.loads(export_workshop(store, workshop_id))


def workshop_bytes(document: dict) -> bytes:
    return json.dumps(document, indent=1).encode()


def deeply_nested(levels: int) -> bytes:
    """A workshop file whose settings hold lists nested ``levels`` deep."""
    return b'{"format": "wtfc-workshop", "version": 1, "workshop": {"settings": {"x": ' + b"[" * levels \
        + b"]" * levels + b"}}}"


def long_number(digits: int) -> bytes:
    return b'{"format": "wtfc-workshop", "version": 1, "statements": [{"source_row": ' + b"7" * digits + b"}]}"


def _statement(document):
    return document["statements"][0]


def _action(document):
    return document["actions"][0]


def _last_edit(document):
    return document["edits"][-1]


# Each: (where in a sound file, field, hostile value).
POISONED = {
    "source_row 10**30": (_statement, "source_row", 10**30),
    "seq 2**63": (_last_edit, "seq", 2**63),
    "review_date not-a-date": (_statement, "review_date", "not-a-date"),
    "action due garbage": (_action, "due", "garbage"),
    "edit created_at yesterday": (_last_edit, "created_at", "yesterday"),
    "workshop created_at yesterday": (lambda document: document["workshop"], "created_at", "yesterday"),
    "settings redact_names 5": (lambda document: document["workshop"], "settings", {"redact_names": 5}),
}


def poisoned(document: dict, case: str) -> dict:
    """The sound ``document`` with one value made hostile (changed in place, and returned)."""
    where, field, value = POISONED[case]
    where(document)[field] = value
    return document


def unreplayable(document: dict) -> dict:
    """The last edit (an action added) no longer matches the rows: the action was changed by hand."""
    _action(document)["description"] = "Changed by hand"
    return document
