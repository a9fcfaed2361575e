"""The fair_staff blueprint: a fair's owners give its organization's people a role there, and invite new ones."""
