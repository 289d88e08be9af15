"""Frozen copies of archivecite 0.1.0's parsing functions, for differential tests.

The parser was rewritten for speed after 0.1.0; the rewritten functions must give exactly
the results these copies give (tests/parsing/test_fast_*.py compare them with hypothesis on
arbitrary and record-like text, on every fixture and on the benchmark's generated records).

Deliberate behaviour fixes made after the rewrite are made in both places and marked
"fixed after 0.1.0" here (titles_v010: a conversation's participants are split at "And" and
cut at "Regarding", "On" … in any case; the " to " between sender and recipient is found in
any case, "Letter From A To B").
"""
