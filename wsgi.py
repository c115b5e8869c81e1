"""WSGI entry point: `flask --app wsgi run`, `gunicorn wsgi:app`."""
from web import create_app

app = create_app()
