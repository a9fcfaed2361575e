"""Notices in each person's inbox, by mail at once or in a daily digest, and timed mail (reminders, agendas)."""
