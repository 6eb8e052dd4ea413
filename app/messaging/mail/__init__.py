"""E-mail out: templates per notification event, the SMTP sender, threading headers, signed links and rate caps."""
