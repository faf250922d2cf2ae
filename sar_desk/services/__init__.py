"""Use cases shared by the window and the CLI (no Qt)."""
