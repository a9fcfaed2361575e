"""Finding each other: the startup and investor directories, recommendations and investors' shortlists."""
