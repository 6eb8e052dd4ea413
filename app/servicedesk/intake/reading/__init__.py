"""Reading raw mail into what the intake needs: headers, new text, files, and what kind of mail it is.

Pure: no database, no Flask. `read_mail` never raises on bad input except `UnreadableMail`.
"""
from .mail import Address, Attachment, AutoKind, Bounce, IncomingMail, UnreadableMail
from .reader import read_mail
from .subjects import strip_subject_prefixes

__all__ = ["Address", "Attachment", "AutoKind", "Bounce", "IncomingMail", "UnreadableMail", "read_mail",
           "strip_subject_prefixes"]
