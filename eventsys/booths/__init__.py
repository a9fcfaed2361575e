"""Booth booking for startups, and the organizers' floor-plan tools."""
