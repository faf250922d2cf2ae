"""Letters: one document model rendered to PDF and DOCX (no Qt)."""
