"""Where the repository's folders are: templates, static files and the instance folder live beside the package."""

from __future__ import annotations

from pathlib import Path

#: The repository's top folder (the package's parent).
ROOT = Path(__file__).resolve().parent.parent
