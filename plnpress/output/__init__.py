"""Output: the only code that writes the built site to disk."""

from plnpress.output.files import OutputFile
from plnpress.output.writer import WriteReport, write_output

__all__ = ["OutputFile", "WriteReport", "write_output"]
