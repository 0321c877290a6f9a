"""HTML rendering: one Jinja2 environment (autoescape on) for the server and the static site.

Every value from the graph (labels and quotes come from papers) and from the request (the search term) reaches
a page only through Jinja2's autoescaping; nothing is marked safe except JSON that ``tojson`` escapes itself.
Links to entities go through ``entity_path``: our IRIs map to the same path as on w3id.org, external IRIs to
``/entity/CURIE``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from .. import __version__
from ..namespaces import BASE, compress
from .errors import status_of
from .settings import Settings

#: The pages' stylesheets, scripts and vendored editor (served at /static, copied by the static site).
STATIC_DIR = Path(__file__).parent / "static"

KIND_LABELS = {
    "mirna": "miRNA",
    "gene": "gene",
    "cell": "cell type",
    "cancer": "cancer",
    "process": "process",
    "pathway": "pathway",
    "statement": "statement",
    "review": "review",
    "class": "class",
    "property": "property",
    "other": "resource",
}


def entity_path(iri: str) -> str:
    """The server path of an entity's page: ``/statement/x`` for ``https://w3id.org/mirna-kg/statement/x``."""
    if iri.startswith(BASE):
        return "/" + quote(iri[len(BASE) :], safe="/:@-._~!$&'()*+,;=")
    curie = compress(iri)
    if curie != iri:
        return "/entity/" + quote(curie, safe="/:@-._~")
    return "/entity?iri=" + quote(iri, safe="")


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("mirna_kg.web", "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["href"] = entity_path
    env.filters["curie"] = compress
    env.filters["kind_label"] = lambda kind: KIND_LABELS.get(kind, kind)
    env.globals["version"] = __version__
    return env


class Renderer:
    """Renders the templates with the settings every page needs."""

    def __init__(self, settings: Settings, *, static: bool = False) -> None:
        self.settings = settings
        self.env = environment()
        self.static = static

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(title=self.settings.title, static_site=self.static, **context)

    def page(
        self,
        request: Request | None,
        template: str,
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        **context: Any,
    ) -> HTMLResponse:
        return HTMLResponse(self.render(template, request=request, **context), status_code=status, headers=headers)

    def error(
        self, request: Request | None, error: BaseException, *, status: int | None = None, **context: Any
    ) -> HTMLResponse:
        code = status or status_of(error)
        return self.page(request, "error.html", status=code, code=code, message=str(error), **context)
