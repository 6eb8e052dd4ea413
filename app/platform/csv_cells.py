"""CSV cells safe to open in a spreadsheet: text that would start a formula gets a leading apostrophe.

Exports write `guard_formula(text)`; imports read `unguard_formula(text)`, so a file FlowDesk wrote comes
back unchanged while a spreadsheet shows the text instead of running it.
"""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(text: str) -> str:
    """Return the text with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unguard_formula(text: str) -> str:
    """Undo guard_formula: drop the apostrophe in front of text that would start a formula."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text
