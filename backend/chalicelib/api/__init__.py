"""What the HTTP routes share: responses and the one error-to-status table (`responses`), the
staff routes (`staff`) with their request parsing (`actions`), and the staff-token check (`tokens`).
"""
