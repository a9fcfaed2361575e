"""The inbox, notice settings and the `eventsys notifications` commands."""
