"""Who writes and reads knowledge articles."""
from app.organisation.policies.actor import Actor, is_read_only

ARTICLE_WRITER_ROLES = ("agent", "manager")


def may_write_articles(actor: Actor) -> bool:
    """Agents and managers (and admins) write, publish and categorise knowledge articles; read-only accounts do not."""
    return actor.has_role(*ARTICLE_WRITER_ROLES) and not is_read_only(actor)


def may_read_article(actor: Actor, status: str) -> bool:
    """Everyone signed in reads published articles; drafts are for writers only."""
    return status == "published" or may_write_articles(actor)
