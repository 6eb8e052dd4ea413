"""CSV cells safe to open in a spreadsheet: text that would start a formula gets a leading apostrophe.

Exports write `guard_formula(text)`; imports read `unguard_formula(text)`, so a file FlowDesk wrote comes
back unchanged while a spreadsheet shows the text instead of running it.

A spreadsheet reads a formula from a cell that starts with one of FORMULA_STARTS, also after leading
whitespace (which it trims) and in the full-width forms an input method types; `;` is the list separator
of many locales, so a cell starting with it may become two cells, the second a formula. A tab or a
carriage return at the start is guarded whatever follows. Text that starts with apostrophes in front of
such a start gets one more, so that the import, which drops one, gives back exactly what was exported.
"""
FORMULA_STARTS = ("=", "+", "-", "@", ";", "\t", "\r", "＝", "＋", "－", "＠", "；")


def starts_formula(text: str) -> bool:
    """Say whether a spreadsheet could read the text, leading apostrophes set aside, as a formula."""
    text = text.lstrip("'")
    return text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


def guard_formula(text: str) -> str:
    """Return the text with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + text if starts_formula(text) else text


def unguard_formula(text: str) -> str:
    """Undo guard_formula: drop the apostrophe in front of text that would start a formula."""
    return text[1:] if text.startswith("'") and starts_formula(text) else text
