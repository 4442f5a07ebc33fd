"""Is this HTML inert? Parses it and reports every element or attribute that could run script."""
from html.parser import HTMLParser

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "base", "form", "meta", "link", "svg", "math"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}


class _Collector(HTMLParser):
    def __init__(self, allowed_tags):
        super().__init__(convert_charrefs=True)
        self.allowed_tags = allowed_tags
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS and tag not in self.allowed_tags:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower().replace("\t", "").replace("\n", "")
            if name.startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and value.startswith(("javascript:", "data:", "vbscript:")):
                self.problems.append(f"{tag}[{name}={value[:30]}]")
            if name == "style" and ("javascript:" in value or "expression(" in value):
                self.problems.append(f"{tag}[style]")


def script_vectors(html: str, allowed_tags=()) -> list[str]:
    """Everything in ``html`` that could execute; an empty list means inert."""
    collector = _Collector(set(allowed_tags))
    collector.feed(html)
    return collector.problems
