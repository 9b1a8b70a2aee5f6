"""Two people editing one record: a helper that fills a form as a browser would send it."""

from __future__ import annotations

from html.parser import HTMLParser

from optiimi.core.forms import VERSION_FIELD


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.forms.append({})
        if not self.forms:
            return
        data = self.forms[-1]
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    data.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in {"submit", "button", "file"}:
                data.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            data[name] = [""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, text: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1][self._textarea][0] += text.removeprefix("\n")


def opened(client, url: str) -> dict[str, list[str] | str]:
    """Open the edit form at `url` and return what saving it unchanged would post."""
    response = client.get(url)
    assert response.status_code == 200
    parser = _Forms()
    parser.feed(response.content.decode())
    forms = [f for f in parser.forms if VERSION_FIELD in f]
    assert len(forms) == 1, f"{url}: one edit form with a version, found {len(forms)}"
    data: dict[str, list[str] | str] = dict(forms[0])
    data.pop("csrfmiddlewaretoken", None)
    assert data[VERSION_FIELD] != [""]
    return data
