from io import StringIO

import pytest
from django.core.management import call_command

from tanhe.accounting import InputErrors, parse_plant_year
from tanhe.calculator.models import Calculation

from .conftest import BAD_NUMBER, EXAMPLES, ISSUE_EXAMPLE

pytestmark = pytest.mark.django_db


def _valid_examples() -> int:
    count = 0
    for path in EXAMPLES.glob("*.json"):
        try:
            parse_plant_year(path.read_bytes())
        except InputErrors:
            continue
        count += 1
    return count


def test_load_demo_loads_examples_once():
    call_command("load_demo", stdout=StringIO())
    loaded = Calculation.objects.count()
    call_command("load_demo", stdout=StringIO())

    assert loaded == _valid_examples() >= 1
    assert Calculation.objects.count() == loaded
    assert Calculation.objects.filter(total_emissions_tco2="228810.90").exists()


def test_load_demo_skips_invalid_files(tmp_path):
    (tmp_path / "good.json").write_bytes(ISSUE_EXAMPLE.read_bytes())
    (tmp_path / "bad.json").write_bytes(BAD_NUMBER)
    (tmp_path / "notes.txt").write_text("not an example")
    out = StringIO()

    call_command("load_demo", "--dir", str(tmp_path), stdout=out)

    assert Calculation.objects.count() == 1
    assert "bad.json" in out.getvalue()
    assert "数值必须写成字符串" in out.getvalue()
