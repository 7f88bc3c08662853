"""Keep Hypothesis's example database and caches out of the working tree; no database fixture is used."""

import os
import tempfile

os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "nastavnik-hypothesis")
)
