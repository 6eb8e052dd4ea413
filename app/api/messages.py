"""The message endpoint: deliver a message to the instance waiting for it, or start a process by it."""
from app.api.auth import api_actor
from app.api.contract import Role, Success, endpoint
from app.api.schemas.messages import MessageCorrelation, MessageRequest
from app.organisation.policies import may_send_messages
from app.wiring import current_runtime
from app.workflow.outside.messages import Message, correlate_message

SENDERS = Role(may_send_messages, "send messages to processes (it is for process owners)")


@endpoint("send_message", "messages", Success(200, MessageCorrelation, "Where the message went."), role=SENDERS,
          body=MessageRequest, refusals=(403,))
def send(body: MessageRequest) -> MessageCorrelation:
    """Send a message.

    Resumes the one running instance that waits for the message (at a message catch event, a receive task or an
    event-based gateway), narrowed by `business_key`, `instance_id` and `correlation_keys`; when none waits, starts
    the latest version of the process whose message start event waits for it. None or several matching is refused
    (400, `mismatching-message`, with `matches`) and nothing is written. Process owners and admins only.
    """
    correlation = correlate_message(current_runtime(), api_actor(), Message(
        body.message_name, body.business_key, body.correlation_keys, body.variables, body.instance_id))
    return MessageCorrelation(**correlation.to_dict())
