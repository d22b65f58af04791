"""Output: the only code that writes the built site to disk."""

from plnpress.output.files import OutputFile
from plnpress.output.writer import Manifest, WriteReport, content_digest, write_output

__all__ = ["Manifest", "OutputFile", "WriteReport", "content_digest", "write_output"]
