from __future__ import annotations


class ExtractRejected(Exception):
    """A structural problem that fails the whole month before anything is written.

    The message names the file and the reason; it never quotes a record's values.
    """
