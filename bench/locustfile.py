"""The load test's people (run by bench/bench_load.py, which writes their plan).

Each simulated person signs in through the real sign-in form (a real session, all from
127.0.0.1 like a council office behind one NAT), then follows their role's journey from the
plan, step after step, with 1-5 s of thinking between steps. Steps are named by route, so the
report gives percentiles per journey step. A POST step sends the page's CSRF token, as a browser
would. The plan (JSON, BENCH_LOAD_PLAN) holds each person's e-mail, password and steps.
"""

import itertools
import json
import os
import re

from locust import HttpUser, between, task

with open(os.environ["BENCH_LOAD_PLAN"]) as plan_file:
    PLAN = json.load(plan_file)
PEOPLE = itertools.cycle(PLAN["people"])
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Person(HttpUser):
    wait_time = between(1, 5)

    def on_start(self) -> None:
        self.person = next(PEOPLE)
        page = self.client.get("/accounts/login/", name="sign in (form)")
        token = TOKEN.search(page.text)
        with self.client.post(
            "/accounts/login/", name="sign in",
            data={"login": self.person["email"], "password": PLAN["password"],
                  "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": self.client.base_url + "/accounts/login/"},
            catch_response=True,
        ) as response:
            if "sessionid" not in self.client.cookies:
                response.failure(f"{self.person['email']} was not signed in")
        self.steps = itertools.cycle(self.person["steps"])

    @task
    def next_step(self) -> None:
        step = next(self.steps)
        if step["method"] == "GET":
            self.client.get(step["path"], name=step["name"])
            return
        form = self.client.get(step["form"], name=step["name"] + " (form)")
        token = TOKEN.search(form.text)
        self.client.post(step["path"], name=step["name"],
                         data={**step["data"],
                               "csrfmiddlewaretoken": token.group(1) if token else ""},
                         headers={"Referer": self.client.base_url + step["form"]})
