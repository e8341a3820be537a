"""The one error the store raises."""


class StoreError(Exception):
    """The database cannot be used; the message says which one and why."""
