"""The investors blueprint: firm profiles, organizers' verification queue and CSV import, the investor directory."""
