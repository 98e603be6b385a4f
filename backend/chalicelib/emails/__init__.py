"""Letters to customers: rendered by the project (SES templates are not used)."""

from .render import TRACKED_LETTERS, acknowledgement, handler_letter, representative_notice

__all__ = ["TRACKED_LETTERS", "acknowledgement", "handler_letter", "representative_notice"]
