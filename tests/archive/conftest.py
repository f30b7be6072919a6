"""The archive tests use the same fixtures as the convenings tests (``archive``: a small archive)."""
from ..convenings.conftest import *  # noqa: F401,F403
