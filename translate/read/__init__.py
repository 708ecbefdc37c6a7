"""Stage 1, read: files in any encoding or web layout to a Document."""
