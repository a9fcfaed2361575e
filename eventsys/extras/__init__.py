"""Extras and sponsorship packages: the organizer's offers and the startups' orders."""
