"""What-if assumptions in words, in the reader's language (the page and the API say the same)."""
from datetime import timedelta

from flask_babel import format_timedelta, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.servicedesk.whatif.assumptions import AssumptionNote

KIND_WORDS = {"duration": _l("Time of “%(task)s”"), "value": _l("Field “%(field)s” of “%(task)s”"),
              "output": _l("Output of “%(task)s”"), "variable": _l("Variable “%(field)s”")}


def duration_words(seconds: float | None) -> str:
    """Return a duration in the reader's language ('2 hours'), or a dash for none."""
    if seconds is None:
        return "–"
    return str(format_timedelta(timedelta(seconds=seconds), threshold=1.0))


def basis_words(note: AssumptionNote) -> str:
    """Return an assumption's value and where it came from, as words in the reader's language."""
    time, value = duration_words(note.value) if note.kind == "duration" else "", repr(note.value)
    said = {
        "median-group": ngettext("median time of the %(num)s task of group %(group)s in the period: %(time)s",
                                 "median time of the %(num)s tasks of group %(group)s in the period: %(time)s",
                                 note.sample, group=note.group or "", time=time),
        "median-all": ngettext("median time of the %(num)s task in the period: %(time)s",
                               "median time of all %(num)s tasks in the period: %(time)s", note.sample, time=time),
        "fallback": _("no task in the period to take a median from: %(time)s", time=time),
        "owner": _("set by you: %(value)s", value=time or value),
        "default": _("the field's default value: %(value)s", value=value),
        "first-option": _("the field's first option: %(value)s", value=value),
        "empty": _("an empty value: %(value)s", value=value),
        "no-output": _("no output recorded: the service task changes no data"),
    }
    return said.get(note.basis, note.basis)


def subject_words(note: AssumptionNote, task_name: str | None = None) -> str:
    """Return what an assumption stands for (task_name: the task's name in the reader's language)."""
    return str(KIND_WORDS[note.kind]) % {"task": task_name or note.element_name, "field": note.subject}


STATUS_WORDS = {"queued": _l("Waiting for the scheduler"), "running": _l("Running"), "done": _l("Done"),
                "failed": _l("Failed"), "cancelled": _l("Cancelled")}


def status_words(status: str) -> str:
    """Return a what-if run's status in the reader's language."""
    return str(STATUS_WORDS.get(status, status))


def failure_words(code: str | None, detail: str | None) -> str:
    """Return why a what-if run failed, as a full sentence in the reader's language ("" when it did not)."""
    if code is None:
        return ""
    if code == "refused":
        return _("The what-if could not run: %(detail)s", detail=detail or "")
    if code == "interrupted":
        return _("The what-if was started %(num)s times and its scheduler stopped each time before it ended; start "
                 "it again, with a shorter period if it happens again.", num=detail or "?")
    return _("The what-if stopped on an unexpected error (%(detail)s). Start it again; if it fails again, tell an "
             "administrator, who finds the details in the scheduler's log.", detail=detail or "")


def progress_words(calibrated: int, replayed: int, cases: int) -> str:
    """Return how far a run got, in the reader's language."""
    return _("Replayed through their own version: %(calibrated)s of %(cases)s cases; through the draft: "
             "%(replayed)s of %(cases)s.", calibrated=calibrated, replayed=replayed, cases=cases)
