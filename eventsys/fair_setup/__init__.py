"""Setting up fairs: create, edit, publish, archive and copy a fair, without code."""
