"""The open-data pages and files of the council's work (public, no login), Licence Ouverte 2.0.

``/donnees/catalogue/``: every dataset with its licence, schema, row count and last update;
``/donnees/<name>.csv`` and ``.json``; ``/donnees/schemas/<name>.json``. Unknown names are a 404.
"""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from pdin.selectors import open_data_editions

from .exports import DATASETS, DATASETS_BY_NAME, LICENCE, schema, to_csv, to_json


def _dataset(name: str):
    try:
        return DATASETS_BY_NAME[name]
    except KeyError:
        raise Http404 from None


@require_safe
def open_data_index(request: HttpRequest) -> HttpResponse:
    """Every open dataset of the portal, the PDIN editions included (public)."""
    datasets = []
    for dataset in DATASETS:
        rows = dataset.rows()
        datasets.append({"dataset": dataset, "count": len(rows), "updated": dataset.updated(rows)})
    editions = open_data_editions()
    editions_updated = max((e.updated_at for e in editions), default=None)
    context = {
        "datasets": datasets,
        "editions_count": len(editions),
        "editions_updated": editions_updated.date().isoformat() if editions_updated else None,
        "licence": LICENCE,
    }
    return render(request, "home/open_data.html", context)


@require_safe
def open_data_csv(request: HttpRequest, name: str) -> HttpResponse:
    """``/donnees/<name>.csv`` (public)."""
    dataset = _dataset(name)
    response = HttpResponse(to_csv(name, dataset.rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def open_data_json(request: HttpRequest, name: str) -> JsonResponse:
    """``/donnees/<name>.json`` (public)."""
    dataset = _dataset(name)
    response = JsonResponse(to_json(name, dataset.rows()), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def open_data_schema(request: HttpRequest, name: str) -> JsonResponse:
    """``/donnees/schemas/<name>.json``: the dataset's Table Schema, as stored in the repository."""
    _dataset(name)
    response = JsonResponse(schema(name), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response
