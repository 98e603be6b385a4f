"""The pure core: rules about complaints, with no I/O, no AWS and no clock of its own.

Only the standard library and `holidays` may be imported here; tests/unit/test_architecture.py
and the import-linter contract in pyproject.toml keep it that way.
"""
