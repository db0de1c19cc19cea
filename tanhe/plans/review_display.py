"""Former display module of the review pages, kept only for the callers outside ``plans``
(``tanhe/reports/display.py`` imports ``value_text`` and ``facility_rows``). The plan's one
display is ``tanhe.plans.display``; import from there.
"""

from tanhe.plans.display import facility_rows
from tanhe.plans.display import value_label as value_text

__all__ = ["facility_rows", "value_text"]
