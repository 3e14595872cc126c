# SPDX-License-Identifier: EUPL-1.2
"""Gunicorn for `make run`: the embedded default on SQLite.

One process, because SQLite has one writer and tasks run in process; threads so that slow
requests do not block the rest; a deep accept backlog so a burst of clients waits in the
kernel's queue instead of being reset, as happened under Django's runserver.
"""

import os

bind = os.environ.get("BALIE_BIND", "127.0.0.1:8000")
workers = 1
threads = 16
backlog = 2048
timeout = 60
accesslog = "-"
errorlog = "-"
raw_env = ["DJANGO_SETTINGS_MODULE=" + os.environ.get("DJANGO_SETTINGS_MODULE", "balie.conf.dev")]


def post_worker_init(worker: object) -> None:
    """No Celery beat in the embedded default: run its schedule inside this process."""
    from django.conf import settings

    if settings.CELERY_TASK_ALWAYS_EAGER:
        from balie.core.periodic import start_in_process_runner

        start_in_process_runner()
