"""Delegations: a union or coalition registers its delegation; organizers review it."""
