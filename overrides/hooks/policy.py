"""MkDocs hook: renders policy placeholders in the guide's pages (to be completed)."""
