"""``plnpress serve``: build, serve and watch a blog, reloading open pages after every save.

:class:`DevServer` is the whole thing; ``plnpress/cli/serve.py`` is a thin layer over it.
"""

from plnpress.listening import PortInUseError
from plnpress.serve.errorpage import Failure
from plnpress.serve.rebuild import Outcome, Snapshot
from plnpress.serve.server import DevServer, ServeOptions

__all__ = ["DevServer", "Failure", "Outcome", "PortInUseError", "ServeOptions", "Snapshot"]
