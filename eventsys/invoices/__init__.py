"""The invoices blueprint: the issuer form, the finance list and register, payments and the PDFs."""
