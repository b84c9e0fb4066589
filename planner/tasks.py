"""Jobs run by the task worker (``manage.py db_worker``), outside any request. Each is a thin
wrapper over a service, which holds the logic and its tests."""

from django_tasks import task

from planner.services.print_batches import expire_batches, print_batch


@task()
def print_handout_batch(batch_id: int) -> str:
    """Print a queued ``HandoutBatch``; then delete batch PDFs past their keeping time, so a
    clinic that prints in batches needs no separate schedule for it."""
    batch = print_batch(batch_id=batch_id)
    expire_batches()
    return batch.status
