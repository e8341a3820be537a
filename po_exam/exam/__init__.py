"""The exam engine: modes, drawing, sessions, grading, retry policy. Pure Python."""
