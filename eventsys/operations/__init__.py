"""What operators need to run eventsys: health and readiness probes, Prometheus metrics, JSON logs, backups."""
