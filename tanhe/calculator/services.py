"""Business actions of the calculator: run the engine on an uploaded file and store the result."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tanhe.accounting import InputErrors, Issue, calculate, parse_plant_year, result_to_dict
from tanhe.calculator.models import Calculation

# A plant-year file with daily records for several units is well below 1 MB; 5 MB is generous
# and keeps a stray upload (a spreadsheet, a log) from tying up a worker.
MAX_INPUT_BYTES = 5 * 1024 * 1024
# numeric(20, 2): anything larger is a typo in the input, not a power plant.
_MAX_TOTAL = Decimal(10) ** 18


def _invalid(detail: str) -> InputErrors:
    return InputErrors([Issue("json_invalid", params={"detail": detail})])


def decode_input(data: bytes) -> str:
    """The uploaded bytes as text, exactly (a UTF-8 BOM is kept, so the text re-encodes to the
    same bytes and the same SHA-256). Raises :class:`InputErrors` for empty, oversized,
    non-UTF-8 input, and for NUL characters, which PostgreSQL cannot store."""
    if not data.strip():
        raise _invalid("输入为空")
    if len(data) > MAX_INPUT_BYTES:
        raise _invalid("超过 5 MB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _invalid("不是 UTF-8 编码") from None
    if "\x00" in text or "\\u0000" in text:
        raise _invalid("含有 NUL 字符（\\u0000）")
    return text


@transaction.atomic
def run_calculation(data: bytes, *, owner: Any = None, example: bool = False) -> Calculation:
    """Parse and calculate ``data`` (a ``tanhe.plant-year/1`` document) and store both, under
    a new unguessable key: ``owner``'s (a signed-in user), a public demo ``example``, or an
    anonymous upload kept ``TANHE_CALCULATION_KEEP_DAYS`` days.

    Raises the engine's :class:`InputErrors` (every located problem) for bad input; nothing
    is saved then.
    """
    text = decode_input(data)
    # Bytes, not text: json accepts a leading BOM only when it decodes the bytes itself.
    result = calculate(parse_plant_year(data))
    total = Decimal(result.total_emissions_tco2)
    if abs(total) >= _MAX_TOTAL:
        raise InputErrors(
            [
                Issue(
                    "range",
                    field="total_emissions_tco2",
                    params={"low": 0, "high": f"{_MAX_TOTAL:.0e}", "value": total},
                )
            ]
        )
    result_dict = result_to_dict(result, trace=True)
    anonymous = owner is None and not example
    keep = timedelta(days=settings.TANHE_CALCULATION_KEEP_DAYS)
    return Calculation.objects.create(
        key=secrets.token_urlsafe(18),
        owner=owner,
        is_example=example,
        expires_at=timezone.now() + keep if anonymous else None,
        input_json=text,
        input_sha256=hashlib.sha256(data).hexdigest(),
        year=result.year,
        # The column is an index for lists; the full name stays in result_json.
        enterprise_name=_clip(result.enterprise_name, 255),
        credit_code=result.credit_code,
        total_emissions_tco2=total,
        result_json=result_dict,
        parameters=result_dict["parameters"],
        engine_version=result.engine_version,
    )


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def purge_expired() -> int:
    """Delete anonymous calculations past their keeping time; returns how many."""
    deleted, _ = Calculation.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
