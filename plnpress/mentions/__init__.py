"""Harvested responses, offline: their storage in content/mentions/, sanitising and moderation."""
