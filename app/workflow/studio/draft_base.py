"""Whether a draft still starts from the newest deployed version of its process, or versions were deployed since.

A draft records the version its first save started from. Deploying it while a newer version exists (deployed from
the command line, the API, the process page or another person's modeller) would replace that version's changes
without anyone seeing them, so it is refused (DraftOutdated) and the modeller offers to compare, download or discard.

A draft saved before the version was recorded (started_from None) is taken to start from the version that was
newest when it was last saved: a version deployed after that save is one its author cannot have drawn on.
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.organisation.people import display_names
from app.platform.errors import Conflict
from app.workflow.models import ProcessDefinition
from app.workflow.studio.drafts import Draft


@dataclass(frozen=True)
class DeployedVersion:
    """A deployed version of a process: who deployed it and when."""

    version: int
    deployed_by: str
    deployed_by_name: str
    deployed_at: datetime


@dataclass(frozen=True)
class DraftBase:
    """The version a draft started from and every version deployed since, newest first."""

    draft: Draft
    version: int | None  # None: no version was deployed when it started
    recorded: bool  # False: taken from when the draft was last saved (drafts older than the record)
    deployed_since: list[DeployedVersion]

    @property
    def outdated(self) -> bool:
        """Say whether a version was deployed since the draft started: deploying it would replace that one."""
        return bool(self.deployed_since)

    @property
    def newest(self) -> DeployedVersion:
        """Return the newest version deployed since the draft started (only when outdated)."""
        return self.deployed_since[0]


class DraftOutdated(Conflict):
    """A draft started from a version that is no longer the newest: deploying it would undo what came since."""

    def __init__(self, base: DraftBase) -> None:
        self.base = base
        newest, started = base.newest, base.version
        super().__init__(
            f"Nothing was deployed: {newest.deployed_by_name} deployed version {newest.version} of "
            f"{base.draft.process_id} at {newest.deployed_at:%Y-%m-%d %H:%M:%S} UTC, after this draft started from "
            f"{f'version {started}' if started is not None else 'no version'}; deploying the draft would undo that "
            "version's changes. Compare the two versions, then discard the draft and make your change again on "
            f"version {newest.version} (download the draft first to keep it).")


def deployed_versions(process_id: str) -> list[DeployedVersion]:
    """Return every deployed version of a process, newest first."""
    rows = db.session.execute(
        select(ProcessDefinition.version, ProcessDefinition.deployed_by, ProcessDefinition.deployed_at)
        .where(ProcessDefinition.process_id == process_id).order_by(ProcessDefinition.version.desc())).all()
    names = display_names({row.deployed_by for row in rows})
    return [DeployedVersion(row.version, row.deployed_by, names.get(row.deployed_by, row.deployed_by),
                            row.deployed_at) for row in rows]


def draft_base(draft: Draft) -> DraftBase:
    """Return the version a draft started from (recorded, or else the newest at its last save) and those since."""
    versions = deployed_versions(draft.process_id)
    if draft.started_from is not None:
        started: int | None = draft.started_from
    else:
        started = next((line.version for line in versions if line.deployed_at <= draft.saved_at), None)
    since = [line for line in versions if started is None or line.version > started]
    return DraftBase(draft, started, draft.started_from is not None, since)


def check_starts_from_newest(draft: Draft) -> None:
    """Raise DraftOutdated when a version was deployed since the draft started."""
    base = draft_base(draft)
    if base.outdated:
        raise DraftOutdated(base)
