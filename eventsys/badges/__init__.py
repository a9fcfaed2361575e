"""Badges: self-service download, bulk printing for organizers, and the check-in desk."""
