"""The ceiling for the load test: a bare Flask route on the same gunicorn settings (`casework.bench.bare:app`)."""

from flask import Flask

app = Flask(__name__)


@app.route("/ping")
def ping():
    return "ok"
