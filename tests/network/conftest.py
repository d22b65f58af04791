"""The network tests use the Webmention tests' real servers on 127.0.0.1 and their scratch blogs
served by one (see ``tests/webmention/conftest.py``)."""

from tests.webmention.conftest import local_server, make_server, send_blog

__all__ = ["local_server", "make_server", "send_blog"]
