"""Every domain's tables in one metadata: imported by the app factory so migrations and tests see them all."""
from app.cmdb import models as cmdb_models
from app.knowledge import models as knowledge_models
from app.messaging import models as messaging_models
from app.organisation import models as organisation_models
from app.service_levels import models as service_level_models
from app.servicedesk import models as servicedesk_models
from app.workflow import models as workflow_models

DOMAIN_MODELS = (cmdb_models, knowledge_models, messaging_models, organisation_models, service_level_models,
                 servicedesk_models, workflow_models)
