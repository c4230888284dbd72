"""Read an admin page's own form the way a browser would submit it (inputs, selects, textareas)."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._select_values: list[str] = []
        self._textarea: str | None = None
        self._text = ""
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            checkable = a.get("type") in {"checkbox", "radio"}
            self.data.setdefault(name, []).append(a.get("value", "on" if checkable else ""))
        elif tag == "select" and name:
            self._select, self._select_values = name, []
        elif tag == "option" and self._select and "selected" in a:
            self._select_values.append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select:
            self.data[self._select] = self._select_values
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.setdefault(self._textarea, []).append(self._text.removeprefix("\n"))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def admin_form_data(response) -> dict[str, list[str]]:
    """The change form's fields as the page renders them, without the inline templates."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    return {
        name: values
        for name, values in reader.data.items()
        if "__prefix__" not in name and "-empty-" not in name and name[-6:] != "-empty"
    }


def post_data(form: dict[str, list[str]], **changes) -> dict[str, list[str]]:
    """The form with fields set or added (values as strings or lists of strings)."""
    data = dict(form)
    for name, value in changes.items():
        # A translated field is on the page once per language ("title_en", "title_ru", ...):
        # a change to "title" is to the English one, the only one required.
        if name not in form and f"{name}_en" in form:
            name = f"{name}_en"
        data[name] = value if isinstance(value, list) else [str(value)]
    return data
