"""Nobody who has not consented to a public profile is named to an anonymous visitor: a crawl
of every kind of public page, export and API list on the demo finds none of their names."""

from __future__ import annotations

import collections
import json
import re

import pytest
from django.test import Client

from optiimi.demo import loader
from optiimi.network.models import Person, Role
from optiimi.projects.models import Consultation

HREF = re.compile(r'(?:href|action)="(/[^"#]*)"')
SKIP = ("/admin", "/static", "/accounts/", "/i18n", "/media")
PER_SHAPE = 2  # pages of the same shape (ids and query values aside) visited


def _shape(url: str) -> str:
    path, _, query = url.partition("?")
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return re.sub(r"\d+", "N", path) + "?" + "&".join(keys)


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


@pytest.mark.django_db
def test_no_page_export_or_api_list_names_a_person_without_consent():
    loader.load_demo()
    hidden = Person.objects.filter(public=False)
    # demo names may repeat between a consenting and a non-consenting person: give the
    # non-consenting ones names no one else has, so any hit is a real leak
    for person in hidden:
        Person.objects.filter(pk=person.pk).update(name=f"Salainen Henkilö{person.pk:04d}x")
    assert hidden.count() >= 20
    bodies = crawl(Client(), ["/", "/api/v1/openapi.json"])
    assert len(bodies) > 60  # the crawl really walked the site
    assert any(url.startswith("/projects/") for url in bodies)
    assert any(url.startswith("/api/v1/people") for url in bodies)
    leaks = {url: re.findall(r"Salainen Henkilö\d{4}x", body) for url, body in bodies.items()}
    assert {url: names for url, names in leaks.items() if names} == {}
    # a consultation with a non-consenting person still says who was consulted: by organisation
    consulted = Consultation.objects.filter(person__public=False).select_related("organisation")
    consultation = consulted.first()
    assert consultation is not None
    anonymous = Client()
    anonymous.cookies["django_language"] = "en"
    html = anonymous.get(f"/projects/{consultation.project_id}/").content.decode()
    org = consultation.organisation.short_name or consultation.organisation.name
    assert f"an expert of {org}" in html
    assert consultation.person.name not in html
    # a member of the network still sees the name
    member = Client()
    member.force_login(Role.objects.filter(kind="member").first().user)
    html = member.get(f"/projects/{consultation.project_id}/").content.decode()
    assert consultation.person.name in html
