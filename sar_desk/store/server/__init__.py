"""A team workspace on a PostgreSQL server: schema, sealing, the store, locks and changes.

The server holds only ciphertext for anything personal: case files (SQLCipher, already
encrypted with the case key) sealed again with AES-GCM bound to the reference and version,
requester details sealed with the workspace key, a keyed blind index for search, and the
list columns in clear (reference, dates, status, assignee login, flags).
"""
