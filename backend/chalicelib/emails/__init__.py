"""Letters to customers: rendered by the project (SES templates are not used)."""

from .render import acknowledgement, handler_letter, representative_notice

__all__ = ["acknowledgement", "handler_letter", "representative_notice"]
