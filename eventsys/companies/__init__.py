"""A startup's company profile and logo."""
