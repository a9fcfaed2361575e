"""Responses that hand a file built in memory to the browser, shared by the blueprints that offer downloads."""

from __future__ import annotations

import io

from flask import Response, send_file


def pdf_download(pdf: bytes, filename: str, *, inline: bool = False) -> Response:
    """A PDF as a download, or shown in the browser's viewer when `inline` (desk badges open ready to print)."""
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", download_name=filename, as_attachment=not inline)


def attachment(data: bytes, mimetype: str, filename: str) -> Response:
    """Bytes of any type (CSV, XLSX) saved under `filename`."""
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
