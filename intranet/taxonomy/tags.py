"""How free tags are typed: separated by commas only, so "public tenders" stays one tag."""


def parse(text):
    """Comma-separated text to a sorted list of unique, trimmed tag names."""
    return sorted({name.strip() for name in (text or "").split(",") if name.strip()})


def join(tags):
    """Tags back to the text a person edits."""
    return ", ".join(sorted(tag.name for tag in tags))
