"""Letters to customers: rendered by the project (SES templates are not used)."""

from .render import acknowledgement

__all__ = ["acknowledgement"]
