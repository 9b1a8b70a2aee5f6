"""A crawl of every kind of anonymous page, export and API list, a few pages of each shape."""

from __future__ import annotations

import collections
import json
import re

from django.test import Client
from django.urls import Resolver404, resolve

HREF = re.compile(r'(?:href|action)="(/[^"#]*)"')
SKIP = ("/admin", "/static", "/accounts/", "/i18n", "/media")
PER_SHAPE = 2  # pages of the same shape (ids and query values aside) visited


# The URL parameters that choose a format of the same records: each format is a shape of its own.
FORMATS = {"fmt", "kind"}


def _shape(url: str) -> str:
    """The URL's view (its page type), the format it asks for, and its query keys:
    `/benchmark/industry/C/` and `/benchmark/industry/S/` are one shape, as `/projects/1/` and
    `/projects/2/` are; `network.graphml` and `network.gexf` are two."""
    path, _, query = url.partition("?")
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    try:
        match = resolve(path)
    except Resolver404:
        view = re.sub(r"\d+", "N", path)
    else:
        formats = sorted((k, str(v)) for k, v in match.kwargs.items() if k in FORMATS)
        view = match.view_name + "".join(f";{k}={v}" for k, v in formats)
    return view + "?" + "&".join(keys)


def crawl(client: Client, start: list[str]) -> dict[str, str]:
    """Every reachable anonymous page and API list, a few of each shape: url → body."""
    bodies: dict[str, str] = {}
    per_shape: collections.Counter[str] = collections.Counter()
    queue = collections.deque(start)
    while queue:
        url = queue.popleft().replace("&amp;", "&")
        if url in bodies or url.startswith(SKIP) or per_shape[_shape(url)] >= PER_SHAPE:
            continue
        per_shape[_shape(url)] += 1
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.content.decode("utf-8", errors="replace")
        bodies[url] = body
        if response.status_code != 200:
            continue
        kind = response.get("Content-Type", "")
        if "html" in kind:
            queue.extend(HREF.findall(body))
        elif url.endswith("openapi.json"):
            for path, operations in json.loads(body)["paths"].items():
                if "get" in operations and "{" not in path:
                    queue.append(path)
    return bodies
