"""A hello-world Flask app, served like Samnod, to show the floor of a request."""

from __future__ import annotations

from flask import Flask


def create_app() -> Flask:
    """Return an app whose one page is a short text."""
    app = Flask(__name__)

    @app.route("/")
    def index():
        """Say hello."""
        return "Hej världen!"

    return app
