"""A made-up but realistic register for a demo council (by default Northshire, LA code 999).

Deterministic: the same seed gives the same schools, so a screenshot or a bug report made on one
machine matches another. URNs are taken from a block of the council's own (Northshire: from
900001), far above any URN GIAS has issued, so demo establishments never collide with a real
national import or with another demo council (`demo.councils.DemoCouncil`).
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from demo.councils import DEMO_LA_NAME, DemoCouncil
from demo.names import (
    CATHOLIC_SAINTS,
    DESCRIPTORS,
    FIRST_NAMES,
    LAST_NAMES,
    POSTCODE_LETTERS,
    SAINTS,
    TITLES,
    TRUSTS,
    title_for,
    without_repeats,
)
from schools.models import Establishment, EstablishmentLink, Governance, Phase

MAINTAINED_GROUP = "Local authority maintained schools"
ACADEMY_GROUP = "Academies"
FREE_GROUP = "Free Schools"
SPECIAL_GROUP = "Special schools"


@dataclass
class DemoRegister:
    """The generated register: establishments (open and closed) and their GIAS links."""

    establishments: list[Establishment] = field(default_factory=list)
    links: list[EstablishmentLink] = field(default_factory=list)
    localities: dict[int, str] = field(default_factory=dict)

    @property
    def open_count(self) -> int:
        return sum(1 for e in self.establishments if e.is_open)


class _Generator:
    def __init__(self, seed: int, council: DemoCouncil) -> None:
        self.rng = random.Random(seed)
        self.council = council
        self.towns = list(council.towns)
        self.trusts = [(name.replace(DEMO_LA_NAME, council.la_name), ukprn)
                       for name, ukprn in TRUSTS]
        self.next_urn = council.urn_first
        self.next_estab = {"2": 2000, "3": 3000, "4": 4000, "5": 5000, "6": 6000, "7": 7000,
                           "1": 1000, "11": 1100}
        self.used_names: set[str] = set()
        self.used_postcodes: set[str] = set()
        self.register = DemoRegister()

    # --- pieces ---------------------------------------------------------------------------
    def urn(self) -> int:
        urn = self.next_urn
        self.next_urn += 1
        return urn

    def estab_number(self, series: str) -> str:
        number = self.next_estab[series]
        self.next_estab[series] += 1
        return f"{number:04d}"

    def town(self) -> tuple[str, str, int, int]:
        # Bigger towns first in the list get more schools.
        weights = [16 - i for i in range(len(self.towns))]
        return self.rng.choices(self.towns, weights=weights)[0]

    def postcode(self, town: str) -> str:
        district = self.towns.index(next(t for t in self.towns if t[0] == town)) + 1
        while True:
            inward = (f"{self.rng.randint(1, 9)}{self.rng.choice(POSTCODE_LETTERS)}"
                      f"{self.rng.choice(POSTCODE_LETTERS)}")
            code = f"{self.council.postcode_area}{district} {inward}"
            if code not in self.used_postcodes:
                self.used_postcodes.add(code)
                return code

    def head(self) -> dict:
        # Drawn in this order (title first) so the same seed still makes the same register.
        drawn = self.rng.choice(TITLES)
        first_name = self.rng.choice(FIRST_NAMES)
        return {
            "head_title": title_for(first_name, drawn),
            "head_first_name": first_name,
            "head_last_name": self.rng.choice(LAST_NAMES),
            "head_job_title": "Headteacher",
        }

    def variants(self, town: str, suffix: str) -> list[str]:
        """`Town Suffix`, then `Town Descriptor Suffix` in a seeded order."""
        descriptors = self.rng.sample(DESCRIPTORS, len(DESCRIPTORS))
        return [f"{town} {suffix}"] + [f"{town} {d} {suffix}" for d in descriptors]

    def unique_name(self, candidates: list[str]) -> str:
        for name in candidates:
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        base = candidates[0]
        n = 2
        while f"{base} ({n})" in self.used_names:
            n += 1
        self.used_names.add(f"{base} ({n})")
        return f"{base} ({n})"

    def opened(self, start: int = 1950, end: int = 2005) -> date:
        return date(self.rng.randint(start, end), 9, 1)

    # --- establishments -------------------------------------------------------------------
    def make(self, *, name: str, town: tuple, phase: str, type_name: str, type_group: str,
             governance: str, pupils: int | None, ages: tuple[int, int], series: str,
             trust: tuple[str, str] | None = None, religious: str = "", diocese: str = "",
             open_date: date | None = None, reason_opened: str = "", is_open: bool = True,
             close_date: date | None = None, reason_closed: str = "",
             capacity_slack: float = 1.1, gender: str = "Mixed") -> Establishment:
        town_name, locality, easting, northing = town
        urn = self.urn()
        slug = "".join(c for c in name.lower() if c.isalnum())
        council = self.council
        establishment = Establishment(
            urn=urn, la_code=council.la_code, la_name=council.la_name,
            establishment_number=self.estab_number(series), name=name,
            type_name=type_name, type_group=type_group, governance=governance, phase=phase,
            status_name="Open" if is_open else "Closed", is_open=is_open,
            open_date=open_date or self.opened(), close_date=close_date,
            reason_opened=reason_opened, reason_closed=reason_closed,
            statutory_low_age=ages[0], statutory_high_age=ages[1],
            number_of_pupils=pupils,
            school_capacity=int(round((pupils or 0) * capacity_slack / 10) * 10) or None,
            gender=gender, religious_character=religious or "Does not apply", diocese=diocese,
            trust_name=trust[0] if trust else "",
            trust_flag="Supported by a multi-academy trust" if trust else "Not applicable",
            ukprn=f"1007{urn % 10000:04d}",
            street=f"{self.rng.randint(1, 120)} {self.rng.choice(['School Lane', 'Church Road', 'High Street', 'Mill Road', 'Station Road', 'Park Avenue', 'Green Lane'])}",  # noqa: E501
            town=town_name, postcode=self.postcode(town_name),
            website=f"https://www.{slug[:30]}.example.org",
            telephone=f"01{council.la_code} {self.rng.randint(100000, 999999)}",
            district=f"{locality} {council.la_name}", region=council.region,
            urban_rural=self.rng.choice(["Urban city and town", "Urban city and town",
                                         "Rural town and fringe", "Rural village"]),
            easting=easting + self.rng.randint(-3000, 3000),
            northing=northing + self.rng.randint(-3000, 3000),
            last_changed_date=date(2025, 6, 1) - timedelta(days=self.rng.randint(0, 400)),
            **self.head(),
        )
        self.register.establishments.append(establishment)
        self.register.localities[urn] = locality
        return establishment

    def convert(self, academy: Establishment, *, sponsored: bool, when: date) -> Establishment:
        """Give an open academy a closed maintained predecessor and the GIAS link pair."""
        kind = "Primary School" if academy.phase == Phase.PRIMARY else "Community School"
        # "Kingsbridge High School Academy" was "Kingsbridge High School", not "... School
        # School".
        old_name = self.unique_name(
            [without_repeats(academy.name.replace(" Academy", " School"))]
            + self.variants(academy.town, kind)
        )
        town = next(t for t in self.towns if t[0] == academy.town)
        predecessor = self.make(
            name=old_name, town=town, phase=academy.phase, type_name="Community school",
            type_group=MAINTAINED_GROUP, governance=Governance.MAINTAINED,
            pupils=academy.number_of_pupils, series="2" if academy.phase == Phase.PRIMARY else "4",
            ages=(academy.statutory_low_age, academy.statutory_high_age),
            is_open=False, close_date=when - timedelta(days=1),
            reason_closed="Academy Sponsor Led" if sponsored else "Academy Converter",
        )
        academy.open_date = when
        academy.reason_opened = "Academy Sponsor Led" if sponsored else "Academy Converter"
        self.register.links += [
            EstablishmentLink(urn=academy.urn, linked_urn=predecessor.urn,
                              linked_name=predecessor.name, link_type="Predecessor",
                              established_date=when),
            EstablishmentLink(urn=predecessor.urn, linked_urn=academy.urn,
                              linked_name=academy.name, link_type="Successor",
                              established_date=when),
        ]
        return predecessor

    def primary(self) -> None:
        town = self.town()
        rng = self.rng
        form = rng.choices(["small", "1fe", "1.5fe", "2fe", "3fe"], weights=[15, 40, 15, 25, 5])[0]
        pupils = {"small": rng.randint(38, 120), "1fe": rng.randint(170, 225),
                  "1.5fe": rng.randint(280, 330), "2fe": rng.randint(360, 440),
                  "3fe": rng.randint(560, 640)}[form]
        kind = rng.choices(["primary", "infant", "junior"], weights=[80, 10, 10])[0]
        ages = {"primary": (4, 11), "infant": (4, 7), "junior": (7, 11)}[kind]
        if kind != "primary":
            pupils = int(pupils * (3 / 7 if kind == "infant" else 4 / 7)) + 20
        label = {"primary": "Primary", "infant": "Infant", "junior": "Junior"}[kind]
        status = rng.choices(
            ["community", "va_ce", "vc_ce", "va_rc", "foundation", "converter", "sponsored",
             "free"],
            weights=[30, 8, 10, 5, 4, 30, 8, 3],
        )[0]
        common = {"town": town, "phase": Phase.PRIMARY, "pupils": pupils, "ages": ages}
        if status == "community":
            self.make(name=self.unique_name(self.variants(town[0], f"{label} School")),
                      type_name="Community school", type_group=MAINTAINED_GROUP,
                      governance=Governance.MAINTAINED, series="2", **common)
        elif status in ("va_ce", "vc_ce"):
            self.make(name=self.unique_name(
                [f"{saint} CofE {label} School, {town[0]}"
                 for saint in rng.sample(SAINTS, len(SAINTS))]
                + [f"{town[0]} CofE {label} School"]),
                      type_name="Voluntary aided school" if status == "va_ce"
                      else "Voluntary controlled school",
                      type_group=MAINTAINED_GROUP, governance=Governance.MAINTAINED,
                      religious="Church of England", diocese=f"Diocese of {self.council.la_name}",
                      series="3", **common)
        elif status == "va_rc":
            saint = rng.choice(CATHOLIC_SAINTS)
            self.make(name=self.unique_name([f"{saint} Catholic {label} School",
                                             f"{saint} Catholic {label} School, {town[0]}"]),
                      type_name="Voluntary aided school", type_group=MAINTAINED_GROUP,
                      governance=Governance.MAINTAINED, religious="Roman Catholic",
                      diocese="Roman Catholic Diocese of Kingsbridge", series="3", **common)
        elif status == "foundation":
            self.make(name=self.unique_name(self.variants(town[0], f"Grange {label} School")),
                      type_name="Foundation school", type_group=MAINTAINED_GROUP,
                      governance=Governance.MAINTAINED, series="5", **common)
        elif status in ("converter", "sponsored"):
            trust = rng.choice(self.trusts)
            catholic = trust[0].startswith("St Aidan")
            names = (
                [f"{saint} Catholic {label} Academy{where}" for where in ("", f", {town[0]}")
                 for saint in rng.sample(CATHOLIC_SAINTS, len(CATHOLIC_SAINTS))]
                if catholic else self.variants(town[0], f"{label} Academy")
            )
            academy = self.make(
                name=self.unique_name(names),
                type_name="Academy converter" if status == "converter" else "Academy sponsor led",
                type_group=ACADEMY_GROUP, governance=Governance.ACADEMY, trust=trust,
                religious="Roman Catholic" if catholic else "",
                diocese="Roman Catholic Diocese of Kingsbridge" if catholic else "",
                series="2", **common)
            if rng.random() < 0.35:
                when = date(rng.randint(2012, 2024), rng.choice([4, 9, 1]), 1)
                self.convert(academy, sponsored=status == "sponsored", when=when)
        else:
            self.make(name=self.unique_name([f"{town[0]} Free School",
                                             f"{town[0]} Community Free School"]),
                      type_name="Free schools", type_group=FREE_GROUP,
                      governance=Governance.FREE_SCHOOL, trust=rng.choice(self.trusts),
                      open_date=date(rng.randint(2013, 2022), 9, 1), reason_opened="New Provision",
                      series="2", **common)

    def secondary(self) -> None:
        rng = self.rng
        town = self.town()
        sixth_form = rng.random() < 0.55
        pupils = rng.randint(650, 1250) + (rng.randint(150, 350) if sixth_form else 0)
        ages = (11, 18 if sixth_form else 16)
        status = rng.choices(["community", "va_rc", "foundation", "converter", "sponsored", "free"],
                             weights=[12, 5, 5, 55, 18, 5])[0]
        common = {"town": town, "phase": Phase.SECONDARY, "pupils": pupils, "ages": ages}
        if status in ("converter", "sponsored"):
            trust = rng.choice(self.trusts)
            academy = self.make(
                name=self.unique_name([f"{town[0]} High School Academy"]
                                      + self.variants(town[0], "Academy")),
                type_name="Academy converter" if status == "converter" else "Academy sponsor led",
                type_group=ACADEMY_GROUP, governance=Governance.ACADEMY, trust=trust,
                series="4", **common)
            if rng.random() < 0.5:
                when = date(rng.randint(2011, 2023), rng.choice([4, 9, 1]), 1)
                self.convert(academy, sponsored=status == "sponsored", when=when)
        elif status == "free":
            self.make(name=self.unique_name([f"{town[0]} Free School", f"{town[0]} UTC"]),
                      type_name="Free schools", type_group=FREE_GROUP,
                      governance=Governance.FREE_SCHOOL, trust=rng.choice(self.trusts),
                      open_date=date(rng.randint(2013, 2021), 9, 1), reason_opened="New Provision",
                      series="4", **common)
        else:
            catholic = status == "va_rc"
            self.make(
                name=self.unique_name(
                    [f"{rng.choice(CATHOLIC_SAINTS)} Catholic High School" if catholic
                     else f"{town[0]} {'Community' if status == 'community' else 'Upper'} School",
                     f"{town[0]} High School"]),
                type_name={"community": "Community school", "va_rc": "Voluntary aided school",
                           "foundation": "Foundation school"}[status],
                type_group=MAINTAINED_GROUP, governance=Governance.MAINTAINED,
                religious="Roman Catholic" if catholic else "",
                diocese="Roman Catholic Diocese of Kingsbridge" if catholic else "",
                series="5" if status == "foundation" else "4", **common)

    def special(self) -> None:
        rng = self.rng
        town = self.town()
        academy = rng.random() < 0.4
        self.make(
            name=self.unique_name(self.variants(town[0], "School")[1:]),
            town=town, phase=Phase.SPECIAL, pupils=rng.randint(60, 240),
            ages=rng.choice([(2, 19), (4, 11), (11, 19), (3, 19)]),
            type_name="Academy special converter" if academy else "Community special school",
            type_group=SPECIAL_GROUP if not academy else ACADEMY_GROUP,
            governance=Governance.ACADEMY if academy else Governance.MAINTAINED,
            trust=rng.choice(self.trusts) if academy else None, series="7",
        )

    def nursery(self) -> None:
        town = self.town()
        self.make(name=self.unique_name([f"{town[0]} Nursery School",
                                         f"{town[0]} Children's Centre Nursery School"]),
                  town=town, phase=Phase.NURSERY, pupils=self.rng.randint(45, 130), ages=(2, 5),
                  type_name="Local authority nursery school", type_group=MAINTAINED_GROUP,
                  governance=Governance.MAINTAINED, series="1")

    def alternative_provision(self, index: int) -> None:
        town = self.towns[index * 3 % len(self.towns)]
        academy = index % 2 == 1
        self.make(
            name=self.unique_name([f"{town[0]} Learning Centre", f"{town[0]} Tuition Centre"]),
            town=town, phase=Phase.ALTERNATIVE_PROVISION, pupils=self.rng.randint(18, 85),
            ages=(5, 16) if index == 0 else (11, 16),
            type_name="Academy alternative provision converter" if academy
            else "Pupil referral unit",
            type_group=ACADEMY_GROUP if academy else "Other types",
            governance=Governance.ACADEMY if academy else Governance.MAINTAINED,
            trust=self.rng.choice(self.trusts) if academy else None, series="11",
        )

    def all_through(self, index: int) -> None:
        town = self.towns[(index * 5 + 1) % len(self.towns)]
        self.make(name=self.unique_name([f"{town[0]} All-Through Academy",
                                         f"{town[0]} Academy (all-through)"]),
                  town=town, phase=Phase.ALL_THROUGH, pupils=self.rng.randint(1300, 2100),
                  ages=(4, 18), type_name="Academy converter", type_group=ACADEMY_GROUP,
                  governance=Governance.ACADEMY, trust=self.trusts[index % len(self.trusts)],
                  series="4")

    def closures(self, count: int) -> None:
        """Schools that closed outright (falling rolls, amalgamations): closed, no successor."""
        for _ in range(count):
            town = self.town()
            year = self.rng.randint(2009, 2023)
            self.make(name=self.unique_name(self.variants(town[0], "Village Primary School")),
                      town=town, phase=Phase.PRIMARY, pupils=self.rng.randint(15, 45),
                      ages=(4, 11), type_name="Community school", type_group=MAINTAINED_GROUP,
                      governance=Governance.MAINTAINED, series="2", is_open=False,
                      close_date=date(year, 8, 31), reason_closed="Closure")


def demo_head_school(register: DemoRegister) -> Establishment:
    """The demo headteacher's school: the first open community primary for ages 4 to 11 (the
    most common kind of school)."""
    return min((e for e in register.establishments
                if e.is_open and e.phase == Phase.PRIMARY and e.type_name == "Community school"
                and e.statutory_low_age == 4 and e.statutory_high_age == 11),
               key=lambda e: e.urn)


def name_the_head(establishment: Establishment, full_name: str) -> None:
    """The register names the same head as the login does ("Nadia Rahman", titled to suit)."""
    first_name, last_name = full_name.split(" ", 1)
    establishment.head_first_name, establishment.head_last_name = first_name, last_name
    establishment.head_title = title_for(first_name, "Mrs")


def generate_register(*, seed: int = 2025, open_schools: int = 270,
                      council: DemoCouncil | None = None) -> DemoRegister:
    """About 300 register entries of `council` (default Northshire): `open_schools` open ones,
    plus conversion predecessors and a few outright closures. Roughly 70% primary, 15%
    secondary, the rest special, nursery, AP and all-through."""
    gen = _Generator(seed, council or DemoCouncil.for_la())
    secondary = round(open_schools * 0.15)
    special = round(open_schools * 0.05)
    nursery = round(open_schools * 0.025)
    ap = 4
    all_through = 2
    primary = open_schools - secondary - special - nursery - ap - all_through
    for _ in range(primary):
        gen.primary()
    for _ in range(secondary):
        gen.secondary()
    for _ in range(special):
        gen.special()
    for _ in range(nursery):
        gen.nursery()
    for index in range(ap):
        gen.alternative_provision(index)
    for index in range(all_through):
        gen.all_through(index)
    gen.closures(5)
    return gen.register
