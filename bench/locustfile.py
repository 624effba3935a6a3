"""Load journeys for `make load` (bench/load.py runs locust headless with this file).

Managers, creators and brands of the generated data sign in once, then browse and act as they do
on a working day: mostly reads (roster, creator pages, offer tabs, offers, inbox, threads), some
writes (messages on offer threads, rate-card changes). Users spread over the app processes listed
in BENCH_HOSTS (comma-separated base URLs). Every non-2xx/3xx answer counts as a failure.
"""

import itertools
import os
import random
import re

from locust import HttpUser, between, events, task

from bench.world import PASSWORD, SCALES, agency_slug, brand_slug, creator_email, owner_email

HOSTS = os.environ.get("BENCH_HOSTS", "http://127.0.0.1:8033").split(",")
SCALE = SCALES[os.environ.get("BENCH_SCALE", "large")]
_next_host = itertools.cycle(HOSTS)
OFFER = re.compile(r'href="/offers/([0-9a-f-]{36})/"')
CREATOR = re.compile(r'href="/creator/([0-9a-f-]{36})/"')


# Sign-in (Argon2, deliberately slow) is reported apart: the percentiles of the working day are
# those of the requests after it. bench/load.py reads this summary.
_timings: list[float] = []


@events.request.add_listener
def _record(name, response_time, exception=None, **_kwargs):
    if exception is None and not name.startswith(("login", "/accounts/login/")):
        _timings.append(response_time)


@events.quitting.add_listener
def _summary(environment, **_kwargs):
    import json
    import statistics

    target = os.environ.get("LOAD_SUMMARY")
    if target and len(_timings) > 1:
        cuts = statistics.quantiles(_timings, n=100, method="inclusive")
        with open(target, "w") as out:
            summary = {
                "requests": len(_timings),
                "p50_ms": round(cuts[49], 1),
                "p95_ms": round(cuts[94], 1),
                "p99_ms": round(cuts[98], 1),
            }
            json.dump(summary, out)


class Journey(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    host = HOSTS[0]

    def email(self) -> str:
        raise NotImplementedError

    def on_start(self):
        self.client.base_url = next(_next_host)
        self.offers: list[str] = []
        self.client.get("/accounts/login/", name="/accounts/login/")
        form = {
            "login": self.email(),
            "password": PASSWORD,
            "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
        }
        with self.client.post(
            "/accounts/login/", data=form, allow_redirects=False, catch_response=True, name="login"
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")

    def post(self, path, data, name):
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        with self.client.post(
            path, data=data, allow_redirects=False, catch_response=True, name=name
        ) as response:
            if response.status_code not in (200, 302):
                response.failure(f"{name} answered {response.status_code}")

    def offer_tabs(self, tab):
        page = self.client.get(f"/offers/?tab={tab}", name="/offers/?tab=[tab]").text
        self.offers = OFFER.findall(page) or self.offers

    @task(3)
    def browse_offers(self):
        self.offer_tabs(random.choice(["pending", "active", "completed", "inactive"]))

    @task(2)
    def open_offer(self):
        if self.offers:
            self.client.get(f"/offers/{random.choice(self.offers)}/", name="/offers/[id]/")

    @task(2)
    def inbox(self):
        self.client.get("/notifications/inbox/", name="/notifications/inbox/")

    @task(1)
    def thread(self):
        if self.offers:
            offer = random.choice(self.offers)
            self.client.get(f"/notifications/offers/{offer}/", name="/notifications/offers/[id]/")


class Manager(Journey):
    weight = 4

    def email(self):
        agency = random.randrange(SCALE.agencies)
        managers = SCALE.managers_largest if agency == 0 else SCALE.managers
        return f"manager{random.randrange(managers)}@{agency_slug(agency)}.bench.example"

    def on_start(self):
        super().on_start()
        self.creators = CREATOR.findall(
            self.client.get("/agency/roster/", name="/agency/roster/").text
        )

    @task(4)
    def roster(self):
        sort = random.choice(["-followers", "-engagement", "-median", "handle"])
        page = self.client.get(f"/agency/roster/?sort={sort}", name="/agency/roster/?sort=[s]")
        self.creators = CREATOR.findall(page.text) or self.creators

    @task(3)
    def creator_page(self):
        if self.creators:
            creator = random.choice(self.creators)
            self.client.get(f"/creator/{creator}/", name="/creator/[id]/")

    @task(1)
    def change_rate(self):
        if self.creators:
            creator = random.choice(self.creators)
            amount = f"{random.randint(100, 5000)}.00"
            self.post(
                f"/creator/{creator}/rates/",
                {"deliverable": "live", "amount": amount, "currency": "EUR"},
                "/creator/[id]/rates/ (write)",
            )


class Creator(Journey):
    weight = 3

    def email(self):
        return creator_email(random.randrange(SCALE.creators))

    @task(1)
    def write_message(self):
        if self.offers:
            offer = random.choice(self.offers)
            self.post(
                f"/notifications/offers/{offer}/",
                {"body": "Works for me, see you then."},
                "/notifications/offers/[id]/ (write)",
            )


class Brand(Journey):
    weight = 3

    def email(self):
        return owner_email(brand_slug(random.randrange(SCALE.brands)))

    @task(1)
    def campaigns(self):
        self.client.get("/campaigns/", name="/campaigns/")

    @task(1)
    def write_message(self):
        if self.offers:
            offer = random.choice(self.offers)
            self.post(
                f"/notifications/offers/{offer}/",
                {"body": "Could you post on Friday?"},
                "/notifications/offers/[id]/ (write)",
            )
