"""iCalendar: invitations and downloads (icalendar), private feeds and organizer exports (a small line writer)."""
