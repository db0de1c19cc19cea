import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# ORM calls made by live_server fixtures from that thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
ISSUE_EXAMPLE = EXAMPLES / "issue-example.json"

# The issue example with one JSON number where a string is required.
BAD_NUMBER = (
    b'{"format": "tanhe.plant-year/1", "year": 2023,'
    b' "enterprise": {"name": "\xe7\xa4\xba\xe4\xbe\x8b", "credit_code": "91110000MA0123456P"},'
    b' "units": [{"code": "1", "name": "1", "type": "coal", "subtype": "conventional",'
    b' "capacity_mw": 660, "fuels": [{"fuel": "bituminous", "months": [{"month": 1,'
    b' "consumption": "120345.67", "ncv": "20.512", "carbon_content": "52.31"}]}]}]}'
)


@pytest.fixture
def issue_example_bytes() -> bytes:
    return ISSUE_EXAMPLE.read_bytes()
