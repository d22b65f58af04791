"""The listening socket both servers (``serve`` and ``webmention receive``) start from.

Binding before uvicorn starts turns the usual mistakes (a port already taken, a privileged port,
an unknown host) into one-line errors that say what to do, instead of a server log.
"""

from __future__ import annotations

import errno
import socket

from plnpress.errors import PlnpressError


class PortInUseError(PlnpressError):
    """The port is taken; the message suggests another."""


def bind(host: str, port: int, command: str, backlog: int = 128) -> socket.socket:
    """A socket listening on ``host``:``port`` (0 picks a free port), or an error whose message
    suggests ``command --port N`` with another port."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise PlnpressError(f"cannot listen on host {host!r}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(backlog)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortInUseError(
                f"port {port} on {host} is already in use (is another '{command}' running?); "
                f"stop it, or try another port: {command} --port {port + 1}"
            ) from None
        if exc.errno == errno.EACCES:
            raise PlnpressError(
                f"not allowed to use port {port} on {host}; try a port above 1023, "
                f"e.g. {command} --port 8000"
            ) from None
        raise PlnpressError(f"cannot listen on {host} port {port}: {exc.strerror}") from None
    return sock
