"""po-exam: practise for Product Owner certification in the terminal."""

__version__ = "0.1.0"
