"""Booth types and sector zones of a fair, edited by its owners beside the floor-plan editor."""
