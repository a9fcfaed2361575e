"""Public pages: the fairs, their halls and floor plans."""
