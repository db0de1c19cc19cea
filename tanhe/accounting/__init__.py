"""Accounting core (核算引擎) for power-generation facilities — pure Python, no Django, no floats.

Public API::

    from tanhe.accounting import calculate, parse_plant_year, result_to_dict
    result = calculate(parse_plant_year(open("plant.json").read()))
    result.total_emissions_tco2   # Decimal, as the national form reports it

Find a rule by its guide clause: every formula's docstring and ``trace.FORMULAS`` cite it.
"""

from tanhe.accounting.engine import calculate
from tanhe.accounting.errors import InputErrors, Issue
from tanhe.accounting.interchange import (
    FORMAT,
    dumps_result,
    parse_plant_year,
    plant_year_from_data,
    result_to_dict,
    summary_rows,
)
from tanhe.accounting.params import ParameterSet, default_parameters
from tanhe.accounting.results import PlantYearResult

__all__ = [
    "FORMAT",
    "InputErrors",
    "Issue",
    "ParameterSet",
    "PlantYearResult",
    "calculate",
    "default_parameters",
    "dumps_result",
    "parse_plant_year",
    "plant_year_from_data",
    "result_to_dict",
    "summary_rows",
]
