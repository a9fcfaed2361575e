"""Domain logic: plain functions over a session and their arguments. They flush, never commit."""
