"""The synthetic sample workshop, so anyone can try wtfc in one click."""
from __future__ import annotations

from pathlib import Path

from wtfc import gather
from wtfc.model import Workshop
from wtfc.store import Store

SAMPLE_NAME = "Sample homecare workshop"
SAMPLE_FILE = Path(__file__).resolve().parent.parent / "sample_data" / "homecare_reviews.csv"
# Synthetic review documents in three layouts (built by sample_data/make_review_docx.py), zipped as one.
SAMPLE_DOCUMENTS = SAMPLE_FILE.parent / "review_documents.zip"


def open_sample_workshop(store: Store, name: str = SAMPLE_NAME) -> Workshop:
    """The sample workshop, created and filled from ``sample_data/`` the first time it is asked for."""
    workshop = store.find_workshop(name) or store.create_workshop(name)
    if workshop.statement_count == 0:
        preview = gather.preview_file(store, workshop.id, SAMPLE_FILE.read_bytes(), SAMPLE_FILE.name)
        gather.import_preview(store, workshop.id, preview)
    return store.workshop(workshop.id)
