"""SAR Desk: case management for subject access requests."""

__version__ = "0.1.0"
