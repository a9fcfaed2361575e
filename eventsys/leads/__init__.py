"""Lead scanning: the booth's scanner, the lead list and its exports, questions, consent, the organizer's switch."""
