"""Rothman's models of community intervention."""
__version__ = "0.1.0"
