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
ANY = "*"  # a key the counts are summed over: each tally is also kept per single key and over all (a small cube)


def rolled_up(keys: CaseKeys) -> list[CaseKeys]:
    """Return the key sets a case's tally is kept under: its own, each key alone with the others summed over, and
    everything summed over; so that the insight unfiltered or filtered by one key reads few rows."""
    return [keys, CaseKeys(keys.category, ANY, ANY), CaseKeys(ANY, keys.priority, ANY),
            CaseKeys(ANY, ANY, keys.group_name), CaseKeys(ANY, ANY, ANY)]
KeysOf = Callable[[Sequence[str]], Mapping[str, CaseKeys]]  # business keys -> their tickets' keys


def no_case_keys(business_keys: Sequence[str]) -> Mapping[str, CaseKeys]:
    """Give every case no keys: the default until the app factory wires the service desk's tickets."""
    return {}
