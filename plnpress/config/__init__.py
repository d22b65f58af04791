"""Configuration: ``plnpress.yaml`` read, typed and validated."""

from plnpress.config.loader import find_blog_folder, load_config
from plnpress.config.model import CONFIG_FILE, Config
from plnpress.config.schema import AuthorConfig, PermalinkConfig, SiteConfig, WebmentionConfig

__all__ = [
    "CONFIG_FILE",
    "AuthorConfig",
    "Config",
    "PermalinkConfig",
    "SiteConfig",
    "WebmentionConfig",
    "find_blog_folder",
    "load_config",
]
