"""Build homecare_reviews_wide.xlsx from homecare_reviews.csv, so the two sample layouts never drift.

The wide layout is how many councils' review forms arrive: one row per review (a person and a
perspective), one cell per category holding several statements, one per line. Some reviews use
"• " or "- " bullets, as people type them, so the importer meets all three styles.

Run:  python sample_data/make_wide_xlsx.py
"""
from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).parent
CSV_PATH = HERE / "homecare_reviews.csv"
XLSX_PATH = HERE / "homecare_reviews_wide.xlsx"

REVIEW_COLUMNS = ["Person ref", "Name", "Perspective", "Service", "Area", "Date of review"]
CATEGORY_COLUMNS = {
    "What's working": "What's working",
    "What's not working": "What's not working",
    "Important for the future": "Important to me in the future",
}
BULLET_STYLES = ("", "• ", "- ")
COLUMN_WIDTHS = [11, 24, 18, 28, 12, 15, 60, 60, 60]


def read_reviews(csv_path: Path) -> list[dict]:
    """Group the long CSV's statements into reviews, keeping the order they first appear in."""
    reviews: dict[tuple[str, str], dict] = {}
    with csv_path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            key = (row["Person"], row["Perspective"])
            review = reviews.setdefault(key, {
                "Person ref": row["Person"],
                "Name": row["Name"],
                "Perspective": row["Perspective"],
                "Service": row["Service"],
                "Area": row["Area"],
                "Date of review": datetime.strptime(row["Review date"], "%d/%m/%Y").date(),
                **{column: [] for column in CATEGORY_COLUMNS.values()},
            })
            review[CATEGORY_COLUMNS[row["Category"]]].append(row["Statement"])
    return list(reviews.values())


def write_wide_xlsx(reviews: list[dict], xlsx_path: Path) -> None:
    """Lay the reviews out as a facilitator would receive them: readable in Excel as it stands."""
    workbook = Workbook()
    workbook.properties.title = "Synthetic homecare reviews (wide layout)"
    workbook.properties.creator = "wtfc sample_data/make_wide_xlsx.py"
    sheet = workbook.active
    sheet.title = "Reviews"
    headers = REVIEW_COLUMNS + list(CATEGORY_COLUMNS.values())
    sheet.append(headers)
    for number, review in enumerate(reviews):
        bullet = BULLET_STYLES[number % len(BULLET_STYLES)]
        sheet.append([review[column] for column in REVIEW_COLUMNS]
                     + ["\n".join(bullet + text for text in review[column])
                        for column in CATEGORY_COLUMNS.values()])

    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        row[REVIEW_COLUMNS.index("Date of review")].number_format = "dd/mm/yyyy"
        for cell in row[len(REVIEW_COLUMNS):]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell, width in zip(sheet[1], COLUMN_WIDTHS):
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"
    workbook.save(xlsx_path)


if __name__ == "__main__":
    reviews = read_reviews(CSV_PATH)
    write_wide_xlsx(reviews, XLSX_PATH)
    print(f"Wrote {len(reviews)} reviews to {XLSX_PATH}")
