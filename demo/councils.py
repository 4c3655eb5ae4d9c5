"""What makes a demo council's register its own: its LA code and name, a block of URNs no other
demo council uses, its towns and the look of its postcodes. Northshire (LA code 999, URNs from
900001) is the default; any other demo council takes a block chosen by its LA code.
"""

from dataclasses import dataclass

DEMO_LA_CODE = "999"
DEMO_LA_NAME = "Northshire"
DEMO_URN_FIRST = 900001
DEMO_URN_LAST = 909999
# Other demo councils take a block of this many URNs chosen by their LA code (see DemoCouncil).
OTHER_COUNCIL_URN_BLOCK = 9000

# (town, locality, easting, northing) — the centres of the made-up county's towns.
TOWNS: list[tuple[str, str, int, int]] = [
    ("Kingsbridge", "Central", 431000, 331000),
    ("Hallowfield", "Central", 428500, 336500),
    ("Millhaven", "East", 452000, 329000),
    ("Stourmouth", "East", 457500, 322000),
    ("Eastwick Cross", "East", 447000, 338000),
    ("Oakley Green", "North", 426000, 352500),
    ("Thornbury Vale", "North", 436500, 356000),
    ("Harrowden", "North", 419000, 347000),
    ("Wexcombe", "South", 433000, 309500),
    ("Brackenford", "South", 424500, 305500),
    ("Alderley St Mary", "South", 441000, 312000),
    ("Fenwick", "West", 405500, 327500),
    ("Ashby Marsh", "West", 410500, 335000),
    ("Castleford Magna", "West", 403000, 318500),
    ("Little Sowerby", "North", 442500, 349000),
    ("Rothwell Edge", "East", 455000, 341500),
]

# The towns of any other demo council: the same localities, so hubs and advisers follow.
OTHER_TOWNS: list[tuple[str, str, int, int]] = [
    ("Southmere", "Central", 351000, 121000),
    ("Ashcombe", "Central", 348500, 126500),
    ("Kelbrook", "East", 372000, 119000),
    ("Wyvern Bay", "East", 377500, 112000),
    ("Hollins Cross", "East", 367000, 128000),
    ("Pennford", "North", 346000, 142500),
    ("Ridgeway Magna", "North", 356500, 146000),
    ("Larkhill Down", "North", 339000, 137000),
    ("Saltcote", "South", 353000, 99500),
    ("Brindle Haven", "South", 344500, 95500),
    ("Coombe St Giles", "South", 361000, 102000),
    ("Westover", "West", 325500, 117500),
    ("Tarrant Mill", "West", 330500, 125000),
    ("Fallowfield Regis", "West", 323000, 108500),
    ("Little Dunmore", "North", 362500, 139000),
    ("Haddon Edge", "East", 375000, 131500),
]


@dataclass(frozen=True)
class DemoCouncil:
    """What makes one demo council's register its own: LA code and name, a block of URNs no
    other demo council uses, towns and the look of its postcodes and telephone numbers.
    `DemoCouncil.for_la()` with the defaults is Northshire exactly as it has always been."""

    la_code: str = DEMO_LA_CODE
    la_name: str = DEMO_LA_NAME
    urn_first: int = DEMO_URN_FIRST
    urn_last: int = DEMO_URN_LAST
    towns: tuple[tuple[str, str, int, int], ...] = tuple(TOWNS)
    postcode_area: str = "NS"
    region: str = "East Midlands"

    @classmethod
    def for_la(cls, la_code: str = DEMO_LA_CODE, la_name: str = DEMO_LA_NAME) -> "DemoCouncil":
        """The demo council of an LA code. Each code has its own block of URNs, from 1,000,001
        + code x 9,000 (seven digits, still far above any real URN), so two demo councils —
        which cannot share an LA code — never share a URN."""
        if la_code == DEMO_LA_CODE:
            return cls(la_name=la_name)
        first = 1_000_001 + int(la_code) * OTHER_COUNCIL_URN_BLOCK
        letters = "".join(c for c in la_name.upper() if c.isalpha())
        return cls(la_code=la_code, la_name=la_name, urn_first=first,
                   urn_last=first + OTHER_COUNCIL_URN_BLOCK - 1, towns=tuple(OTHER_TOWNS),
                   postcode_area=(letters + "XX")[:2], region="South West")
