"""Excel/CSV import of an existing beneficiary list: upload, map columns, preview, import."""
