"""Meetings at the Business Support Centers: requests, availability, booking, agenda, scheduler."""
