"""flowdesk mail set-oauth2: a mailbox signs in with OAuth2 (Microsoft 365, Gmail) and renews its access token."""
import click

from app.cli.base import reports_errors
from app.cli.mail import mail_group
from app.organisation.policies import system_actor
from app.servicedesk.intake.oauth_tokens import OAuthClient, set_mailbox_oauth2
from app.wiring import current_runtime


@mail_group.command("set-oauth2")
@click.argument("name")
@click.option("--client-id", required=True, help="The application (client) id of the app registered for FlowDesk.")
@click.option("--client-secret", envvar="FLOWDESK_OAUTH_CLIENT_SECRET", default=None,
              help="The app's client secret (or FLOWDESK_OAUTH_CLIENT_SECRET); none for a public client.")
@click.option("--token-url", required=True,
              help="The token endpoint, e.g. https://login.microsoftonline.com/TENANT/oauth2/v2.0/token or "
                   "https://oauth2.googleapis.com/token.")
@click.option("--refresh-token", envvar="FLOWDESK_OAUTH_REFRESH_TOKEN", prompt=True, hide_input=True,
              help="The refresh token from the owner's consent (or FLOWDESK_OAUTH_REFRESH_TOKEN; asked when absent).")
@click.option("--scope", default=None, help="The scopes to ask for on renewal, space-separated (Microsoft: "
                                            "'https://outlook.office.com/IMAP.AccessAsUser.All offline_access').")
@reports_errors
def set_oauth2(name: str, client_id: str, client_secret: str | None, token_url: str, refresh_token: str,
               scope: str | None) -> None:
    """Make a mailbox sign in with OAuth2 (XOAUTH2) and renew its access token with a refresh token."""
    mailbox = set_mailbox_oauth2(current_runtime(), system_actor(), name,
                                 OAuthClient(client_id, client_secret, token_url, refresh_token, scope))
    click.echo(f"Mailbox {mailbox.name} signs in with OAuth2 now; its access token is renewed at {token_url} "
               "before the next pass. The client secret and the refresh token are stored sealed.")
