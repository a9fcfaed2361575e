"""Pages for organizers and admins."""
