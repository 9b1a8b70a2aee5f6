"""Every page is sent with a Content-Security-Policy and holds nothing inline it would block."""

import re

import pytest

INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    re.compile(r"<style\b", re.I),
    re.compile(r"\sstyle=\"", re.I),
    re.compile(r"\son[a-z]+=\"", re.I),
    re.compile(r"javascript:", re.I),
]


@pytest.mark.django_db
def test_pages_carry_the_policy_and_nothing_inline(client, plan, event, organisation):
    for path in [
        "/",
        "/?figure=people",
        "/organisations/",
        f"/organisations/{organisation.pk}/",
        "/plan/2007-2009/",
        "/plan/2007-2009/board/",
        "/plan/indicators/strategies/",
        "/events/",
        f"/events/{event.pk}/",
        "/foresight/",
        "/guidance/",
        "/guidance/132/",
        "/guidance/crosswalk/",
        "/guidance/calendar/",
        "/guidance/provider/?provider=x",
        "/guidance/study/?interests=puu&municipality=1",
        "/accounts/login/",
        "/accounts/password/reset/",
        "/admin/login/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        html = response.content.decode()
        found = [m.group(0) for pattern in INLINE for m in pattern.finditer(html)]
        assert found == [], (path, found)


@pytest.mark.django_db
def test_event_organisers_and_invitees_pages_hold_nothing_inline(client, owner_client, event):
    from optiimi.core.writes import System
    from optiimi.events import services

    services.add_question(
        event, actor=System("test"), asked="registration", text="Ruokavalio", type="text"
    )
    services.send_invitations(event, [], guests=["vieras@example.com"], actor=System("test"))
    token = services.invitation_token(event.invitations.get())
    pages = [
        (client, f"/events/invited/{token}/"),
        (owner_client, f"/events/{event.pk}/invitations/"),
        (owner_client, f"/events/{event.pk}/questions/"),
        (owner_client, f"/events/{event.pk}/participants/"),
    ]
    for who, path in pages:
        response = who.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        found = [m.group(0) for pattern in INLINE for m in pattern.finditer(html)]
        assert found == [], (path, found)


@pytest.mark.django_db
def test_the_needs_survey_page_holds_nothing_inline(client, regions):
    from optiimi.core.writes import System
    from optiimi.guidance import services
    from optiimi.regions.models import Region

    invitation = services.invite_to_survey(
        actor=System("test"),
        company_name="Konepaja Oy",
        sub_region=Region.objects.subregions().get(code="134"),
    )
    for data in (None, {"field_1": "072"}):
        path = f"/guidance/survey/{invitation.token}/"
        response = client.post(path, data) if data else client.get(path)
        assert response.status_code in (200, 422), path
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        html = response.content.decode()
        found = [m.group(0) for pattern in INLINE for m in pattern.finditer(html)]
        assert found == [], (path, found)
