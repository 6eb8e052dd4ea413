"""APScheduler jobs: fire due timers, deliver the outbox, poll the mailboxes, sign the history's heads, bring the
insight counts up to date and run the what-ifs asked for, in one process or beside the web app."""
import logging

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from app.messaging.channels import deliver_configured
from app.platform.start_up import freeze_start_up_objects
from app.reports.rollup import catch_up_pass as catch_up_reports
from app.reports.subscriptions import send_due_subscriptions
from app.servicedesk.intake.polling import poll_mailboxes
from app.servicedesk.intake.settings import IntakeSettings
from app.servicedesk.problem.suggestions import suggest_problems
from app.servicedesk.whatif.jobs import run_due_what_ifs
from app.wiring import current_runtime
from app.workflow.insight.catch_up import catch_up_all
from app.workflow.instances.history import write_checkpoint
from app.workflow.timers import fire_due_timers

logger = logging.getLogger("flowdesk.scheduler")


def timer_job(app: Flask) -> None:
    """Run one timer pass; a pass that fails (the database went away) is logged and the next one tries again."""
    try:
        run_timer_pass(app)
    except Exception:  # the scheduler must outlive a database outage (even one met while closing the session)
        logger.exception("the timer pass stopped; the next pass tries again")


def run_timer_pass(app: Flask) -> None:
    """Fire what is due now and log what happened."""
    with app.app_context():
        result = fire_due_timers(current_runtime())
        for fired in result.fired:
            logger.info("fired %s on instance %s", fired.element_id, fired.instance_id)
        for failure in result.failed:
            logger.warning("%s", failure)
        for instance_id in result.postponed:
            logger.warning("instance %s met a database fault on every try; its timers fire next pass", instance_id)
        for instance_id in result.repaired:
            logger.warning("rebuilt the task and timer rows of instance %s: they said a timer was due "
                           "that the engine does not hold", instance_id)


def outbox_job(app: Flask) -> None:
    """Deliver due outbox messages; a pass that fails is logged and the next one tries again."""
    try:
        run_outbox_pass(app)
    except Exception:  # what is not recorded as sent stays due, and its lease runs out
        logger.exception("the outbox pass stopped; the next pass tries again")


def run_outbox_pass(app: Flask) -> None:
    """Deliver due outbox messages, each claimed, sent and recorded in short units of its own."""
    with app.app_context():
        counts = deliver_configured(current_runtime(), app.config)
        if any(counts.values()):
            log = logger.warning if counts["dead"] else logger.info
            log("outbox: %(sent)s sent, %(failed)s failed (retried later), %(dead)s dead, %(deferred)s deferred, "
                "%(held)s held (mail caps, undeliverable addresses)",
                counts)


def mail_job(app: Flask) -> None:
    """Poll every active mailbox once; a pass that fails is logged and the next one tries again."""
    try:
        with app.app_context():
            for counts in poll_mailboxes(current_runtime(), IntakeSettings.from_config(app.config)):
                if counts.error:
                    logger.warning("mailbox %s: %s", counts.mailbox, counts.error)
                elif counts.fetched:
                    logger.info("mailbox %(mailbox)s: fetched %(fetched)s, new tickets %(new_tickets)s, replies "
                                "%(replies)s, refused %(refused)s, quarantined %(quarantined)s", counts.to_dict())
    except Exception:  # a message left in its folder is taken in by the next pass, and never twice
        logger.exception("the mail pass stopped; the next pass tries again")


def checkpoint_job(app: Flask) -> None:
    """Sign the heads of the history streams that grew; a pass that fails is logged and the next one tries again."""
    try:
        with app.app_context():
            count = write_checkpoint(current_runtime().clock.now())
        if count:
            logger.info("history checkpoint: signed the heads of %s streams", count)
    except Exception:  # the next checkpoint covers what this one missed
        logger.exception("the history checkpoint failed; the next one tries again")


def problem_suggestion_job(app: Flask) -> None:
    """Suggest problems for new clusters of incidents; a pass that fails is logged and the next one tries again."""
    try:
        with app.app_context():
            made = suggest_problems(current_runtime())
        if made:
            logger.info("suggested %s problems from clusters of incidents", len(made))
    except Exception:  # a cluster not suggested now is found again by the next pass
        logger.exception("the problem suggestion pass failed; the next one tries again")


def insight_job(app: Flask) -> None:
    """Count the history events appended since the last pass into the insight; a pass that fails is logged and the
    next one tries again (what was not counted is still behind, and nothing counted twice)."""
    try:
        with app.app_context():
            counted = catch_up_all(current_runtime().case_keys)
        if counted:
            logger.info("insight: counted the new events of %s cases", counted)
    except Exception:  # the counts lag a little longer; the steps themselves never wait for them
        logger.exception("the insight pass stopped; the next pass tries again")


def reports_job(app: Flask) -> None:
    """Count the tickets changed since the last pass into the reports' roll-up (at most REPORTS_BATCHES_PER_PASS
    transactions: a long backlog, days the scheduler missed, is caught up over several passes), then write the report
    mails that are due to the outbox; a pass that fails is logged and the next one tries again."""
    try:
        with app.app_context():
            changed, more = catch_up_reports(app.config["REPORTS_BATCHES_PER_PASS"],
                                             app.config["REPORTS_BATCH_TICKETS"])
            sent = send_due_subscriptions(current_runtime().clock.now(), app.config)
        if changed or sent:
            logger.info("reports: counted %s changed tickets%s, queued %s subscribed reports", changed,
                        " (more remain: the next pass goes on)" if more else "", sent)
    except Exception:  # what was not counted is still past the watermark, and a subscription not sent stays due
        logger.exception("the reports pass stopped; the next pass tries again")


def what_if_job(app: Flask) -> None:
    """Run the what-ifs process owners asked for, one after another; a pass that fails is logged and the next one
    tries again (a run left running is taken over once its lease runs out)."""
    try:
        with app.app_context():
            ran = run_due_what_ifs(current_runtime(), int(app.config["WHATIF_MAX_CASES"]),
                                   float(app.config["WHATIF_LEASE_SECONDS"]))
        if ran:
            logger.info("what-if: ran %s", ", ".join(str(run_id) for run_id in ran))
    except Exception:  # the run keeps its lease until it runs out, then a pass takes it over
        logger.exception("the what-if pass stopped; the next pass tries again")


def add_jobs(scheduler: BaseScheduler, app: Flask) -> None:
    """Register the timer, outbox, mail polling, history checkpoint, problem suggestion, insight, reports and what-if
    jobs; a pass never overlaps the previous one."""
    common = {"max_instances": 1, "coalesce": True, "args": [app]}
    scheduler.add_job(timer_job, "interval", seconds=app.config["TIMER_POLL_SECONDS"], id="timers", **common)
    scheduler.add_job(outbox_job, "interval", seconds=app.config["OUTBOX_POLL_SECONDS"], id="outbox", **common)
    scheduler.add_job(mail_job, "interval", seconds=app.config["MAIL_POLL_SECONDS"], id="mail", **common)
    scheduler.add_job(checkpoint_job, "interval", minutes=app.config["HISTORY_CHECKPOINT_MINUTES"],
                      id="history-checkpoint", **common)
    scheduler.add_job(problem_suggestion_job, "interval", minutes=app.config["PROBLEM_SUGGESTION_MINUTES"],
                      id="problem-suggestions", **common)
    scheduler.add_job(insight_job, "interval", seconds=app.config["INSIGHT_POLL_SECONDS"], id="insight", **common)
    scheduler.add_job(reports_job, "interval", seconds=app.config["REPORTS_POLL_SECONDS"], id="reports", **common)
    scheduler.add_job(what_if_job, "interval", seconds=app.config["WHATIF_POLL_SECONDS"], id="what-if", **common)


def start_background(app: Flask) -> BackgroundScheduler:
    """Start the jobs in a background thread of the web process."""
    scheduler = BackgroundScheduler(timezone="UTC")
    add_jobs(scheduler, app)
    scheduler.start()
    timer_job(app)  # catch up at once after a restart instead of waiting one interval
    return scheduler


def run_blocking(app: Flask) -> None:
    """Run the jobs in the foreground until interrupted."""
    scheduler = BlockingScheduler(timezone="UTC")
    add_jobs(scheduler, app)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logger.info("scheduler started: timers every %ss", app.config["TIMER_POLL_SECONDS"])
    timer_job(app)
    freeze_start_up_objects()
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        logger.info("scheduler stopped")
