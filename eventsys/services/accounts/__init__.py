"""People and organizations: sign-up and credentials, teams and invitations, company and investor profiles,
investor verification and the investor CSV import."""
