"""Framework-free core: identifiers, file-format readers and small typed helpers."""
