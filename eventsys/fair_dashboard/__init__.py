"""The fair dashboard for those who run a fair: figures, charts, downloads and the fair's audit log."""
