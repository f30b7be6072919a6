"""Imports every domain's models so that the metadata (and Alembic) sees all tables."""
from .domains import import_models

import_models()
