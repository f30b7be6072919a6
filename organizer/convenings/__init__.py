"""Convenings: what they are, who takes part, their sources, and who organizes them."""
