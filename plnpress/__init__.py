"""plnpress: a static-site blog generator that talks to the rest of the web through Webmentions."""

__version__ = "0.1.0"
