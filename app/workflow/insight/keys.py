"""The ticket keys a case's counts are kept under, and the seam through which the service desk supplies them."""
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CaseKeys:
    """The ticket keys a case is counted under ('' where it has none)."""

    category: str = ""  # the ticket category's id, as text
    priority: str = ""
    group_name: str = ""


NO_KEYS = CaseKeys()
KeysOf = Callable[[Sequence[str]], Mapping[str, CaseKeys]]  # business keys -> their tickets' keys


def no_case_keys(business_keys: Sequence[str]) -> Mapping[str, CaseKeys]:
    """Give every case no keys: the default until the app factory wires the service desk's tickets."""
    return {}
