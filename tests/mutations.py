"""One random edit of a document, as the fuzz and differential tests apply them."""

from __future__ import annotations


def apply_edit(doc: str, op: str, i: int, j: int, piece: str) -> str:
    """``doc`` with ``doc[i:j]`` edited by ``op``: insert ``piece`` at i, delete the span,
    replace it with ``piece``, or duplicate it."""
    if op == "insert":
        return doc[:i] + piece + doc[i:]
    if op == "delete":
        return doc[:i] + doc[j:]
    if op == "replace":
        return doc[:i] + piece + doc[j:]
    return doc[:j] + doc[i:j] + doc[j:]
