"""Making new things for the writer: a blog folder (``init``) and new entry files (``new``)."""

from plnpress.scaffold.blog import init_blog
from plnpress.scaffold.entries import new_link, new_page, new_post, with_scheme

__all__ = ["init_blog", "new_link", "new_page", "new_post", "with_scheme"]
