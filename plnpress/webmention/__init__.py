"""Webmentions: sending them for our links, and harvesting, verifying and storing responses."""
