"""Ways out of a workshop: tables of statements that open safely in a spreadsheet."""
from __future__ import annotations

import csv
import io
from typing import Sequence

from wtfc.model import Statement, Theme

STATEMENT_COLUMNS = ["id", "text", "category", "perspective", "person_ref", "service", "area", "review_date",
                     "theme", "set_aside", "source_file", "source_sheet", "source_row"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text that a spreadsheet program shows as written instead of running it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def statement_rows(statements: Sequence[Statement], themes: Sequence[Theme]) -> list[dict]:
    names = {t.id: t.name for t in themes}
    return [{
        "id": s.id, "text": s.text, "category": s.category, "perspective": s.perspective,
        "person_ref": s.person_ref, "service": s.service, "area": s.area, "review_date": s.review_date or "",
        "theme": names.get(s.theme_id, "") if s.theme_id else "", "set_aside": "yes" if s.set_aside else "",
        "source_file": s.source_file, "source_sheet": s.source_sheet,
        "source_row": "" if s.source_row is None else s.source_row,
    } for s in statements]


def statements_csv(statements: Sequence[Statement], themes: Sequence[Theme]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel in the UK opens it with the right characters."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=STATEMENT_COLUMNS)
    writer.writeheader()
    for row in statement_rows(statements, themes):
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    return buffer.getvalue().encode("utf-8-sig")
