"""One-on-one meetings at the Business Support Centers: requests, availability, self-service booking, the
centers' rooms and hours, the scheduler with its upper bound and independent validator, and schedule runs."""
