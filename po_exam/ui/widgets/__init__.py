"""Widgets the screens share: options, countdown, navigator, reviewed question."""
