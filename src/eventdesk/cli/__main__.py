"""``python -m eventdesk.cli``: the same as the ``eventdesk`` command."""

from eventdesk.cli import run

run()
