"""The teams blueprint: an organization's people and e-mailed invitations to join it."""
