"""Qualified invoices for booth sales: the issuer, tax arithmetic, numbering, credit notes, PDFs and payments."""
