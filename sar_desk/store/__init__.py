"""Persistence: the workspace, encrypted case files, the registry and keys (no Qt)."""
