"""Uploaded images (company logos, venue plans): decoded in full and re-encoded before anything keeps them, so what is
stored and served is an image this code wrote, never the bytes someone sent."""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from eventsys.services.errors import InvalidInput

#: Formats accepted, by what the decoder finds in the file, never by its name.
FORMATS = {"PNG", "JPEG", "WEBP"}
#: Refused before decoding: a small file can still unpack into a huge bitmap.
MAX_PIXELS = 25_000_000
MAX_BYTES = 2 * 1024 * 1024


def decode_image(data: bytes, *, field: str, max_bytes: int = MAX_BYTES) -> Image.Image:
    """The image in `data`, if it is a PNG, JPEG or WebP of at most `max_bytes` that fully decodes; refusals name
    `field`."""
    if len(data) > max_bytes:
        raise InvalidInput(_l("The image is larger than %(size)d MB.", size=max_bytes // (1024 * 1024)), field=field)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            if probe.width * probe.height > MAX_PIXELS:
                raise InvalidInput(_l("The image has too many pixels; use at most 5000 × 5000."), field=field)
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise InvalidInput(_l("The file could not be read as an image."), field=field) from error
    if kind not in FORMATS:
        raise InvalidInput(_l("Upload the image as PNG, JPEG or WebP."), field=field)
    return image.convert("RGBA")


def store_png(image: Image.Image, folder: Path, box: tuple[int, int]) -> str:
    """Scale `image` down to fit `box`, write it as PNG under a random name in `folder`, and return the name."""
    image.thumbnail(box)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_urlsafe(16)}.png"
    image.save(folder / name, format="PNG", optimize=True)
    return name
