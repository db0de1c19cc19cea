"""信息公开 pages (guide §7): open to anyone, read only. Each page renders the rows of
``selectors`` through the allow-list of ``fields``; each table downloads as CSV with the same
columns."""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tanhe.inputs import csv_cell

from . import fields as f
from . import selectors as sel


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    rows = [(c, f.cells(f.INDEX, row)) for c, row in sel.index_rows()]
    return render(request, "disclosure/index.html", {"table": f.INDEX, "rows": rows})


@require_GET
def campaign(request: HttpRequest, province: str, year: int) -> HttpResponse:
    chosen = sel.campaign_of(province, year)
    covers = [
        {
            "record": f.cells(f.COVERS, b.record),
            "number": b.record["number"],
            "emissions": [f.cells(f.EMISSIONS, r) for r in b.emissions],
            "comparison": [f.cells(f.COMPARISON, r) for r in b.comparison],
        }
        for b in sel.covers(chosen)
    ]
    agencies = [
        {
            "record": f.cells(f.AGENCIES, b.record),
            "plants": [f.cells(f.PLANTS, r) for r in b.plants],
        }
        for b in sel.agencies(chosen)
    ]
    context = {
        "campaign": chosen,
        "tables": f.TABLES,
        "covers": covers,
        "appeals": [f.cells(f.APPEALS, r) for r in sel.appeal_rows(chosen)],
        "agencies": agencies,
    }
    return render(request, "disclosure/campaign.html", context)


@require_GET
def table_csv(request: HttpRequest, province: str, year: int, table: str) -> HttpResponse:
    """One table of the page as CSV (UTF-8 with BOM, for spreadsheet programs): the labels of
    the allow-list's columns, then one line per row (no cell a spreadsheet would run)."""
    if table not in f.TABLES:
        raise Http404
    chosen = sel.campaign_of(province, year)
    spec = f.TABLES[table]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(c.label) for c in spec.columns])
    for row in sel.table_rows(chosen, table):
        writer.writerow([csv_cell(row[key]) for key in spec.keys])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"{chosen.province.code}-{chosen.year}-{table}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
