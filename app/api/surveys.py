"""Survey endpoints: the surveys and answers the caller may read (the one survey policy decides), and answering."""
from app.api.auth import api_actor
from app.api.contract import Success, endpoint
from app.api.schemas.surveys import SurveyAnswer, SurveyPage, SurveyQuery, SurveyReply
from app.servicedesk.surveys.answers import Answer, SurveyView, answer_survey, list_surveys, survey_for
from app.wiring import current_runtime

NUMBER = {"number": "The ticket's number, e.g. `INC-000042`."}


def survey_answer(view: SurveyView) -> SurveyAnswer:
    """Return a survey as the API answers it."""
    return SurveyAnswer.model_validate(view.to_dict())


@endpoint("list_surveys", "surveys", Success(200, SurveyPage, "The surveys the caller may read."), query=SurveyQuery)
def list_all(query: SurveyQuery) -> SurveyPage:
    """List the surveys I may read, with their answers.

    Managers, auditors, process owners and admins read every survey; a group lead those of her groups' tickets;
    everyone her own.
    """
    views = list_surveys(api_actor(), query.status, limit=query.limit)
    return SurveyPage(surveys=[survey_answer(view) for view in views])


@endpoint("show_survey", "surveys", Success(200, SurveyAnswer, "The ticket's survey."), refusals=(404,), path=NUMBER)
def show(number: str) -> SurveyAnswer:
    """Read a ticket's survey (404 when it has none I may read)."""
    return survey_answer(survey_for(api_actor(), number))


@endpoint("answer_survey", "surveys", Success(200, SurveyAnswer, "The survey with the answer."),
          body=SurveyReply, refusals=(403, 404, 409), path=NUMBER)
def answer(number: str, body: SurveyReply) -> SurveyAnswer:
    """Answer my survey of a ticket.

    Only the ticket's requester answers, once, while the survey waits (409 after it was answered or expired). The
    answer moves the survey's flow: a low score opens a service-recovery task for the group lead. A score below the
    survey's `comment_below` without a comment answers 422 naming `comment`.
    """
    actor = api_actor()
    survey_for(actor, number)
    view = answer_survey(current_runtime(), actor.login, number, Answer(body.score, body.effort, body.comment))
    return survey_answer(view)
