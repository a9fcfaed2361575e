"""Public pages of the Business Support Centers."""
