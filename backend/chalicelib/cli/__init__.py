"""The `complaints` command: deadlines, development tokens and the handlers' verbs over the staff API."""

from .main import main

__all__ = ["main"]
