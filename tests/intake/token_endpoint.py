"""A tiny OAuth2 token endpoint on loopback (RFC 6749 section 6, refresh_token grant only), for the mailbox tests.

It is a real HTTP server the test starts: it checks the client and the refresh token it was told about, answers a
new access token (and a rotated refresh token), or refuses with invalid_grant as Microsoft and Google do.
"""
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


@dataclass
class TokenEndpoint:
    """What the endpoint accepts and hands out, and every request it answered (as form fields)."""

    client_id: str
    client_secret: str
    refresh_token: str
    access_token: str
    next_refresh_token: str | None = None
    expires_in: int = 3600
    requests: list[dict[str, str]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """Return the token endpoint's address."""
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/oauth2/token"

    def start(self) -> None:
        """Listen on a free loopback port in a thread."""
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", "0"))
                form = {name: values[-1] for name, values in parse_qs(self.rfile.read(length).decode()).items()}
                endpoint.requests.append(form)
                status, answer = endpoint.answer(form)
                body = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                """Keep the test output quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, form: dict[str, str]) -> tuple[int, dict[str, object]]:
        """Return the status and JSON of the answer to one token request."""
        if (form.get("client_id"), form.get("client_secret")) != (self.client_id, self.client_secret):
            return 401, {"error": "invalid_client", "error_description": "The client is not known."}
        if form.get("grant_type") != "refresh_token" or form.get("refresh_token") != self.refresh_token:
            return 400, {"error": "invalid_grant", "error_description": "The refresh token has expired or was revoked."}
        answer: dict[str, object] = {"access_token": self.access_token, "token_type": "Bearer",
                                     "expires_in": self.expires_in}
        if self.next_refresh_token:
            answer["refresh_token"] = self.next_refresh_token
        return 200, answer

    def stop(self) -> None:
        """Stop listening."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
