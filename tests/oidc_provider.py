"""A real OpenID provider on loopback for the tests: oidc-provider-mock (from the
test extras), served by Werkzeug in a thread on a free port of 127.0.0.1.

The provider signs its ID tokens with its own RSA key and publishes it at its
`jwks_uri`; Samnod fetches the discovery document, the keys and the tokens over
real HTTP. For the cases a well-behaved provider never produces (a token for
another audience or issuer, an expired one, one signed with a foreign key),
`tamper` re-signs the ID token in the token endpoint's answer, with the
provider's own key (so only the changed claim is wrong) or with a foreign one.
"""

from __future__ import annotations

import io
import json
import threading
from urllib.parse import parse_qs

import flask
import httpx
import oidc_provider_mock
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

FOREIGN_KEY = "foreign"


class LoopbackProvider:
    """oidc-provider-mock on 127.0.0.1 and a free port, with a tampering hook."""

    def __init__(self, port: int = 0) -> None:
        self.app = oidc_provider_mock.app(require_nonce=True)
        with self.app.test_request_context():
            self.app.preprocess_request()  # binds the provider's storage to g
            self._key = RSAKey.import_key(
                flask.g.oidc_provider_mock_storage.jwk.as_dict(is_private=True)
            )
        self.tamper: dict | str | None = None
        # (Authorization header, form) of each call to the token endpoint
        self.token_requests: list[tuple[str, dict[str, list[str]]]] = []
        self._server = make_server("127.0.0.1", port, self._wsgi, threaded=True)
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackProvider:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def person(self, sub: str, **claims) -> str:
        """Register a person (their claims) with the provider over its API."""
        answer = httpx.put(f"{self.issuer}/users/{sub}", json=claims)
        assert answer.status_code == 204, answer.text
        return sub

    def authorize(self, authorize_url: str, sub: str | None = None) -> str:
        """Sign in at the provider's form as `sub` (or deny); return where the
        provider sends the browser back to."""
        data = {"sub": sub} if sub else {"action": "deny"}
        answer = httpx.post(authorize_url, data=data)
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]

    def _wsgi(self, environ, start_response):
        if environ.get("PATH_INFO") != "/oauth2/token":
            return self.app(environ, start_response)
        self._keep_token_request(environ)
        if not self.tamper:
            return self.app(environ, start_response)
        seen = {}

        def keep(status, headers, exc_info=None):
            seen.update(status=status, headers=headers)

        body = b"".join(self.app(environ, keep))
        answer = json.loads(body)
        if "id_token" in answer:
            answer["id_token"] = self._resign(answer["id_token"])
        out = json.dumps(answer).encode()
        headers = [(k, v) for k, v in seen["headers"] if k.lower() != "content-length"]
        start_response(seen["status"], [*headers, ("Content-Length", str(len(out)))])
        return [out]

    def _keep_token_request(self, environ) -> None:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)
        self.token_requests.append(
            (environ.get("HTTP_AUTHORIZATION", ""), parse_qs(body.decode()))
        )

    def _resign(self, id_token: str) -> str:
        token = jwt.decode(id_token, self._key)
        claims = dict(token.claims)
        key = self._key
        if self.tamper == FOREIGN_KEY:
            key = RSAKey.generate_key(2048)
        else:  # None removes a claim
            claims.update(self.tamper)
            claims = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(token.header, claims, key)
