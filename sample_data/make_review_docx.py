"""Build the synthetic review documents in sample_data/review_documents/ (and a .zip of them).

Person-centred reviews arrive as Word documents, one per person, in layouts of their own. These four are
invented (names, words and all) and use the three layouts wtfc reads:

- a table with a row per perspective and a column per category ("grid");
- the same table turned round: a row per category, a column per perspective ("turned");
- headings ("What's working", …) followed by bullet points and paragraphs ("headings"), with a section
  wtfc does not read (a "Background" paragraph), which the preview lists as not recognised.

Run:  python sample_data/make_review_docx.py
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document

HERE = Path(__file__).parent
FOLDER = HERE / "review_documents"
ZIP_PATH = HERE / "review_documents.zip"
CATEGORIES = ("What's working", "What's not working", "What is important for the future")

GRID = {  # perspective -> statements per category
    "Ada Pennington": {
        "Person": (["My carers know how I like my tea", "I can still get to the lunch club"],
                   ["Visits are often late in the morning", "Nobody tells me when the carer changes"],
                   ["To keep living in my own home", "To see my grandson more often"]),
        "Family": (["Mum is eating better since the new rota"],
                   ["We are never told about changes to the rota"],
                   ["Mum to have the same two carers"]),
        "Staff": (["Ada enjoys chatting about her garden"],
                  ["Travel time between calls is too short"],
                  ["More time on the morning call"]),
    },
}
TURNED = {
    "Cyril Ashdown": {
        "Person": (["I feel safe with my regular carer", "My medication is always given on time"],
                   ["Weekend carers do not know me"],
                   ["To go to the football again"]),
        "Son": (["Dad is more settled at home"],
                ["Sharon is brilliant but the others rush"],
                ["Dad to get out of the house twice a week"]),
        "Others": (["The district nurse and carers talk to each other"],
                   ["The hoist was broken for two weeks"],
                   ["A review of the hoist every six months"]),
    },
}
HEADINGS = {
    "Winifred Oakes": (["Peggy from next door pops in every day", "I like the new microwave meals"],
                       ["I get lonely in the evenings", "The bath is hard to get into"],
                       ["To join the singing group at church", "To have a walk-in shower"]),
    "Stanley Crewe": (["Stan likes the morning carer Jackie", "I can ring the office and someone answers"],
                      ["My walker does not fit through the kitchen door", "Nobody rings the bell, they just walk in"],
                      ["To keep my dog", "To be able to use the rose garden at the day centre"]),
}


def grid_document(name: str, by_perspective: dict) -> Document:
    document = Document()
    document.add_heading("Person-centred review", level=1)
    document.add_paragraph(f"Name: {name}")
    table = document.add_table(rows=1, cols=4)
    for cell, title in zip(table.rows[0].cells, ("", *CATEGORIES)):
        cell.text = title
    for perspective, statements in by_perspective.items():
        cells = table.add_row().cells
        cells[0].text = perspective
        for cell, lines in zip(cells[1:], statements):
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    return document


def turned_document(name: str, by_perspective: dict) -> Document:
    document = Document()
    details = document.add_table(rows=1, cols=2)
    details.rows[0].cells[0].text, details.rows[0].cells[1].text = "Name", name
    document.add_heading("What people said", level=2)
    table = document.add_table(rows=1, cols=1 + len(by_perspective))
    for cell, title in zip(table.rows[0].cells, ("", *by_perspective)):
        cell.text = title
    for index, category in enumerate(CATEGORIES):
        cells = table.add_row().cells
        cells[0].text = category
        for cell, statements in zip(cells[1:], by_perspective.values()):
            cell.text = statements[index][0]
            for line in statements[index][1:]:
                cell.add_paragraph(line)
    return document


def headings_document(name: str, statements: tuple) -> Document:
    document = Document()
    document.add_heading(f"Review for {name}", level=1)
    document.add_heading("Background", level=2)
    document.add_paragraph("Lives alone in a ground-floor flat with a small garden.")
    first_name = name.split()[0]
    titles = ("What's working", "What's not working", f"What is important to {first_name} for the future")
    for title, lines in zip(titles, statements):
        document.add_heading(title, level=2)
        for line in lines:
            document.add_paragraph(line, style="List Bullet")
    return document


def documents() -> dict[str, Document]:
    built = {}
    for name, by_perspective in GRID.items():
        built[f"{name.split()[1].lower()}_review.docx"] = grid_document(name, by_perspective)
    for name, by_perspective in TURNED.items():
        built[f"{name.split()[1].lower()}_review.docx"] = turned_document(name, by_perspective)
    for name, statements in HEADINGS.items():
        built[f"{name.split()[1].lower()}_review.docx"] = headings_document(name, statements)
    return built


def main() -> None:
    FOLDER.mkdir(exist_ok=True)
    with zipfile.ZipFile(ZIP_PATH, "w", zipfile.ZIP_DEFLATED) as archive:
        for filename, document in documents().items():
            buffer = io.BytesIO()
            document.save(buffer)
            (FOLDER / filename).write_bytes(buffer.getvalue())
            archive.writestr(filename, buffer.getvalue())
    print(f"wrote {len(documents())} documents to {FOLDER} and {ZIP_PATH}")


if __name__ == "__main__":
    main()
