"""Every domain's tables in one metadata: imported by the app factory so migrations and tests see them all."""
from app.cmdb import models as cmdb_models
from app.knowledge import models as knowledge_models
from app.messaging import models as messaging_models
from app.messaging.mail import models as mail_models
from app.messaging.mail import relay_settings as mail_relay_models
from app.organisation import models as organisation_models
from app.reports import models as report_models
from app.service_levels import models as service_level_models
from app.servicedesk.catalogue import models as catalogue_models
from app.servicedesk.change import models as change_models
from app.servicedesk.change_calendar import models as change_calendar_models
from app.servicedesk.intake import models as intake_models
from app.servicedesk.problem import models as problem_models
from app.servicedesk.surveys import models as survey_models
from app.servicedesk.tickets import models as servicedesk_models
from app.servicedesk.whatif import models as what_if_models
from app.workflow import models as workflow_models
from app.workflow.insight import models as insight_models

DOMAIN_MODELS = (cmdb_models, knowledge_models, messaging_models, mail_models, mail_relay_models, organisation_models,
                 service_level_models, servicedesk_models, catalogue_models, intake_models, problem_models,
                 workflow_models, insight_models, change_models, change_calendar_models, report_models,
                 survey_models, what_if_models)

# Search objects that live outside the ORM metadata (made by migrations): SQLite FTS5 tables with their shadow
# tables and PostgreSQL trigram indexes, of knowledge articles and of tickets.
SEARCH_TABLES = (knowledge_models.KB_ARTICLE_FTS, *servicedesk_models.TICKET_FTS_TABLES)
SEARCH_INDEXES = knowledge_models.KB_ARTICLE_TRGM_INDEXES | servicedesk_models.TICKET_TRGM_INDEXES


def include_in_autogenerate(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic include_name hook: leave the search objects of knowledge articles and tickets out of comparisons."""
    if name is None:
        return True
    if type_ == "table" and any(name == table or name.startswith(f"{table}_") for table in SEARCH_TABLES):
        return False
    return not (type_ == "index" and name in SEARCH_INDEXES)
