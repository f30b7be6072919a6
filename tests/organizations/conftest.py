"""The organizations tests use the same fixtures as the convenings tests."""
from ..convenings.conftest import *  # noqa: F401,F403
