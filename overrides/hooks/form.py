"""MkDocs hook: data for the complaint form and the track page (to be completed)."""
