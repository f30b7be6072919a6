"""Outgoing email: a persisted outbox first, then SMTP. Nothing queued is ever lost."""
