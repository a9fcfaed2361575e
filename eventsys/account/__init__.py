"""A user's own account: profile, language, password and e-mail."""
