"""Accounts: users, sign-up, log-in, passwords, preferred language, roles and permission rules."""
