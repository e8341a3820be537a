"""The bank format: models, YAML loading with located errors, discovery. No UI, no database."""
