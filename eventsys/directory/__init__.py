"""The directory blueprint: the startup directory, recommendations and investors' shortlists."""
