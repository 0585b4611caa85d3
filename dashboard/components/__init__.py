"""Reusable pieces of pages; each owns its widget keys."""
