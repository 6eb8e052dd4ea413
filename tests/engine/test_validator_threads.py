"""The BPMN schema validator is loaded once per process, safely when the first diagrams are read in several
threads at once (a web server's first requests): libxml2 fails to parse XML Schemas in two threads at a time."""
import threading

import pytest

from engine.reading import parser


def test_first_diagrams_read_in_four_threads_share_one_validator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parser, "_VALIDATOR", None)  # as in a process that has read no diagram yet
    start, found, errors = threading.Barrier(4), [], []

    def first_read() -> None:
        start.wait()
        try:
            found.append(parser.bpmn_validator())
        except Exception as error:  # the unlocked load failed here with "Document is not valid XML Schema"
            errors.append(error)

    threads = [threading.Thread(target=first_read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(found) == 4 and len({id(validator) for validator in found}) == 1
