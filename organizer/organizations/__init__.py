"""Participant organizations and the people named in the record: one directory across convenings."""
