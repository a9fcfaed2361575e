"""Fairs: reading them and their floor plans, setting them up (settings, states, copies), the dashboard figures."""
