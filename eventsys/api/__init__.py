"""JSON under /api/v1/ for programs, described by /api/v1/openapi.json."""
