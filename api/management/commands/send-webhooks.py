from django.core.management import BaseCommand

from api import idempotency, webhooks


class Command(BaseCommand):
    help = (
        "Send webhook deliveries that are due (retries, and any the task queue lost) and forget "
        "idempotency keys older than IDEMPOTENCY_HOURS. Safe if two runs overlap."
    )

    def handle(self, *args, **options):
        sent = webhooks.send_due()
        pruned = idempotency.prune()
        self.stdout.write(f"{sent} webhook delivery attempt(s); {pruned} old idempotency key(s).")
