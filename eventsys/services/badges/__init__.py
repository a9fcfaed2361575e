"""Badges: layouts as data, fonts, QR tokens, rendering to PDF, who gets a badge, and check-in at the gates."""
