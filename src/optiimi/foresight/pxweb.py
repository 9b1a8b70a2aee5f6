"""A PxWeb API v1 client: read the table's metadata, split the query, fetch JSON-stat 2.0.

Nothing about a table is hard-coded: the variables, their value codes and which one is time
come from the table's metadata (GET). A query names only what it restricts; every other
variable that cannot be eliminated is fetched whole. Queries are split so that no call asks for
more than `limit` values (120,000 on StatFin), and HTTP 429 is retried with back-off.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from optiimi.core.formats import FormatError
from optiimi.core.formats.jsonstat import Cube, read_jsonstat

LIMIT = 120_000


@dataclass
class Variable:
    code: str
    text: str
    values: list[str]
    time: bool = False
    elimination: bool = False


def parse_metadata(doc: dict[str, Any]) -> list[Variable]:
    try:
        return [
            Variable(
                code=v["code"],
                text=v.get("text", v["code"]),
                values=[str(x) for x in v["values"]],
                time=bool(v.get("time")),
                elimination=bool(v.get("elimination")),
            )
            for v in doc["variables"]
        ]
    except (KeyError, TypeError) as exc:
        raise FormatError(f"table metadata has no variables ({exc})", "metadata") from None


def load_query(source: Path | str | bytes | dict[str, Any]) -> list[dict[str, Any]]:
    """A PxWeb query body, or a StatFin saved query (`queryObj`), as its list of selections."""
    if isinstance(source, dict):
        doc = source
    else:
        raw = Path(source).read_bytes() if isinstance(source, Path | str) else source
        try:
            doc = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise FormatError(f"query is not JSON: {exc}") from None
    doc = doc.get("queryObj", doc)
    query = doc.get("query")
    if not isinstance(query, list):
        raise FormatError("a query needs a list under 'query'", "query")
    return query


def selections(variables: list[Variable], query: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Each variable's chosen value codes, in table order, checked against the metadata."""
    by_code = {v.code: v for v in variables}
    chosen: dict[str, list[str]] = {}
    for item in query:
        code = item.get("code")
        if code not in by_code:
            raise FormatError(
                f"variable {code!r} is not in the table (it has {', '.join(by_code)})", "query"
            )
        var = by_code[code]
        selection = item.get("selection") or {}
        kind, values = selection.get("filter", "item"), selection.get("values", [])
        if kind == "all" or values == ["*"]:
            chosen[code] = list(var.values)
        elif kind == "top":
            chosen[code] = var.values[-int(values[0]) :]
        elif kind == "item":
            unknown = [v for v in values if v not in var.values]
            if unknown:
                raise FormatError(f"value {unknown[0]!r} is not in variable {code}", "query")
            chosen[code] = [v for v in var.values if v in set(values)]
        else:
            raise FormatError(f"filter {kind!r} is not supported; use item, all or top", "query")
    out = {}
    for var in variables:
        if var.code in chosen:
            out[var.code] = chosen[var.code]
        elif not var.elimination:
            out[var.code] = list(var.values)
    return out


def split(chosen: dict[str, list[str]], limit: int = LIMIT) -> list[dict[str, list[str]]]:
    """Cut the selection along its largest variables until every part is under `limit`."""
    parts = [chosen]
    done: list[dict[str, list[str]]] = []
    while parts:
        part = parts.pop()
        size = math.prod(len(v) for v in part.values())
        if size <= limit:
            done.append(part)
            continue
        code = max(part, key=lambda c: len(part[c]))
        values = part[code]
        if len(values) == 1:
            raise FormatError(f"one value of every variable is still over {limit} cells")
        rest = size // len(values)
        per = max(1, limit // rest) if rest <= limit else max(1, len(values) // 2)
        for i in range(0, len(values), per):
            parts.append({**part, code: values[i : i + per]})
    return list(reversed(done))


def body(part: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "query": [
            {"code": c, "selection": {"filter": "item", "values": v}} for c, v in part.items()
        ],
        "response": {"format": "json-stat2"},
    }


class PxWebClient:
    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        *,
        retries: int = 5,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 60.0,
    ) -> None:
        self.http = httpx.Client(
            transport=transport, timeout=timeout, headers={"User-Agent": "optiimi"}
        )
        self.retries = retries
        self.sleep = sleep

    def _send(self, method: str, url: str, payload: Any = None) -> Any:
        for attempt in range(self.retries + 1):
            try:
                response = self.http.request(method, url, json=payload)
            except httpx.UnsupportedProtocol:
                raise FormatError(f"{url} is not an http(s) address", "pxweb") from None
            except httpx.HTTPError as exc:
                raise FormatError(
                    f"{url} could not be reached ({exc.__class__.__name__})", "pxweb"
                ) from None
            if response.status_code == 429 and attempt < self.retries:
                wait = response.headers.get("Retry-After")
                self.sleep(float(wait) if wait and wait.isdigit() else 2.0 * 2**attempt)
                continue
            if response.status_code >= 400:
                raise FormatError(
                    f"HTTP {response.status_code} from {url}: {response.text[:200]}", "pxweb"
                )
            try:
                return response.json()
            except ValueError:
                raise FormatError(f"{url} did not answer JSON", "pxweb") from None
        raise FormatError(f"still HTTP 429 after {self.retries} retries", "pxweb")

    def metadata(self, url: str) -> list[Variable]:
        return parse_metadata(self._send("GET", url))

    def cubes(self, url: str, query: list[dict[str, Any]], limit: int = LIMIT) -> Iterator[Cube]:
        variables = self.metadata(url)
        for part in split(selections(variables, query), limit):
            yield read_jsonstat(self._send("POST", url, body(part)))


def table_id(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".px")
