"""Extras and sponsorship packages: what a fair sells besides booths (offers.py), their orders (orders.py) and how
they are billed on invoices (billing.py)."""
