"""Booth sales: holds, confirmations and cancellations, waitlists, application-mode allocation, the floor-plan
CSV, the organizers' booth list, exhibitor approval and what a startup sees of its own standing."""
