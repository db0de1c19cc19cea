"""Small builders for engine inputs, so each test shows only the numbers it is about."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tanhe.accounting.model import (
    FuelInput,
    FuelMonth,
    PlantYear,
    ProductionMonth,
    Subtype,
    UnitInput,
    UnitType,
)

D = Decimal


def unit(
    fuels: tuple[FuelInput, ...] = (),
    *,
    code: str = "1",
    unit_type: UnitType = UnitType.COAL,
    subtype: Subtype = Subtype.CONVENTIONAL,
    capacity: str = "660",
    production: tuple[ProductionMonth, ...] = (),
    **kw: Any,
) -> UnitInput:
    return UnitInput(
        code=code,
        name=f"{code}号机组",
        type=unit_type,
        subtype=subtype,
        capacity_mw=D(capacity),
        fuels=fuels,
        production=production,
        **kw,
    )


def plant(*units: UnitInput, year: int = 2023, **kw: Any) -> PlantYear:
    return PlantYear(
        year=year,
        enterprise_name="示例发电有限公司",
        credit_code="91110000MA0123456P",
        units=units,
        **kw,
    )


def fuel(key: str, *months: FuelMonth) -> FuelInput:
    return FuelInput(key, months)


def month(m: int = 1, **values: Any) -> FuelMonth:
    return FuelMonth(month=m, **{k: D(v) if type(v) is str else v for k, v in values.items()})


def doc(**overrides: Any) -> dict[str, Any]:
    """The issue's example document, as decoded JSON."""
    base: dict[str, Any] = {
        "format": "tanhe.plant-year/1",
        "year": 2023,
        "enterprise": {"name": "示例发电有限公司", "credit_code": "91110000MA0123456P"},
        "units": [
            {
                "code": "1",
                "name": "1号机组",
                "type": "coal",
                "subtype": "conventional",
                "capacity_mw": "660",
                "cooling": "water",
                "fuels": [
                    {
                        "fuel": "bituminous",
                        "months": [
                            {
                                "month": 1,
                                "consumption": "120345.67",
                                "ncv": "20.512",
                                "carbon_content": "52.31",
                                "state": "fired",
                            }
                        ],
                    }
                ],
                "purchased_electricity": [{"month": 1, "mwh": "512.30"}],
                "production": [
                    {
                        "month": 1,
                        "generation_mwh": "301234.567",
                        "supply_mwh": "285432.100",
                        "heat_gj": "0.000",
                        "running_hours": "744",
                    }
                ],
            }
        ],
    }
    base.update(overrides)
    return base
