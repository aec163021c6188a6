"""Keep personal data out of the feature table.

``pseudonymise`` turns a customer id into a stable key with a keyed hash (HMAC-SHA256):
the same id and secret always give the same key, so tables still join, but the key
cannot be turned back into the id without the secret. ``find_pii`` scans a table for
e-mail addresses, phone numbers and personal columns, to prove none got through.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re

import pandas as pd

from dsroles.churn import params as P

# A course default, so every learner's keys agree. A real pipeline reads it from a vault.
DEFAULT_SECRET = "kestrel-course-secret"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?|0)7\d{3}\s?\d{6}(?!\w)")


def _secret(secret: str | None) -> bytes:
    return (secret or os.environ.get("DSROLES_PII_SECRET") or DEFAULT_SECRET).encode()


def pseudonymise(ids: pd.Series, secret: str | None = None) -> pd.Series:
    """Map each identifier to ``K`` + 16 hex digits of its HMAC; stable across runs."""
    key = _secret(secret)
    digest = {v: "K" + hmac.new(key, str(v).encode(), hashlib.sha256).hexdigest()[:16]
              for v in pd.unique(ids)}
    return ids.map(digest).astype(str)


def redact(text: pd.Series) -> pd.Series:
    """Replace e-mail addresses and phone numbers in free text with placeholders."""
    return (text.astype(str).str.replace(EMAIL, "[email]", regex=True)
            .str.replace(PHONE, "[phone]", regex=True))


def find_pii(df: pd.DataFrame) -> list[str]:
    """Describe every personal column and every cell that looks like an e-mail or phone."""
    found = [f"column {c!r} is personal data" for c in df.columns if c in P.PII_COLUMNS]
    for column in df.columns:
        values = df[column]
        if not (pd.api.types.is_string_dtype(values) or values.dtype == object):
            continue
        text = values.dropna().astype(str)
        for label, pattern in (("an e-mail address", EMAIL), ("a phone number", PHONE)):
            hits = text.str.contains(pattern, regex=True).sum()
            if hits:
                found.append(f"column {column!r} holds {hits} values that look like {label}")
    return found
