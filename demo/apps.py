from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo councils with realistic data, seeded through every app's services (`seed_demo`).

    The top of the walls (DESIGN §4): demo may use every app; no app imports demo.
    """

    name = "demo"
