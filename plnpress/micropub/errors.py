"""The errors Micropub names (W3C Micropub §3.8), as one exception the routes turn into JSON."""

from __future__ import annotations


class MicropubError(Exception):
    """Answer `status` with ``{"error": error, "error_description": description}``."""

    def __init__(self, description: str, *, status: int = 400, error: str = "invalid_request"):
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description


def invalid(description: str) -> MicropubError:
    """400 ``invalid_request``: the request is wrong, and `description` says how."""
    return MicropubError(description)


def too_large(limit: int) -> MicropubError:
    """413: a file over ``micropub.max_upload``."""
    return MicropubError(f"a file is larger than micropub.max_upload ({limit} bytes)", status=413)
