"""Calendar feeds, "Add to calendar" downloads and organizer exports."""
