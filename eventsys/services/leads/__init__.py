"""Lead scanning at a fair: who may collect leads, consents, questions, scans synced from booths, lists, exports."""
