"""Attempt storage with SQLModel: engine setup, schema upgrades, history queries."""
