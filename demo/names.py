"""The made-up names a demo register draws from: trusts, saints' names of church schools,
headteachers' names and titles, the letters of postcodes and the words of school names."""

import re

# Made-up multi-academy trusts, each with a UK provider reference number.
TRUSTS: list[tuple[str, str]] = [
    ("Northshire Learning Trust", "10091001"),
    ("Three Rivers Academy Trust", "10091002"),
    ("Vale Schools Partnership", "10091003"),
    ("St Aidan's Catholic Academy Trust", "10091004"),
    ("Harbour Multi-Academy Trust", "10091005"),
    ("Forest Edge Education Trust", "10091006"),
]

SAINTS = ["St Mary's", "St Peter's", "St Andrew's", "Holy Trinity", "St John's", "All Saints",
          "St Michael's", "Christ Church", "St Luke's", "St Margaret's"]
CATHOLIC_SAINTS = ["St Joseph's", "Our Lady of Lourdes", "St Thomas More", "Sacred Heart",
                   "St Bernadette's", "Holy Family"]
FIRST_NAMES = ["Sarah", "James", "Helen", "David", "Priya", "Michael", "Joanne", "Andrew",
               "Fatima", "Richard", "Claire", "Tom", "Amina", "Mark", "Rachel", "Gareth", "Louise",
               "Sunil", "Kate", "Owen", "Bethan", "Daniel", "Nicola", "Chidi"]
LAST_NAMES = ["Hughes", "Patel", "Walker", "Khan", "Thompson", "Evans", "Roberts", "Clarke",
              "Ahmed", "Wright", "Morgan", "Turner", "Begum", "Harris", "Okafor", "Lewis",
              "Jackson", "Shaw", "Bennett", "Mitchell", "Carter", "Doyle"]
TITLES = ["Mrs", "Mr", "Ms", "Dr", "Miss"]
# The demo headteacher login, named so on her school's register entry too.
HEAD_NAME = "Nadia Rahman"
# The first names a man's title suits (the rest take a woman's: Mrs, Ms, Miss), so no
# "Mr Fatima" or "Mrs Gareth"; Dr suits anyone.
MEN = {"James", "David", "Michael", "Andrew", "Richard", "Tom", "Mark", "Gareth", "Sunil", "Owen",
       "Daniel", "Chidi", "Geoff", "Rob", "Pat"}
WOMEN_TITLES = ("Mrs", "Ms", "Miss")


def title_for(first_name: str, drawn: str) -> str:
    """`drawn` if it suits `first_name`, else the nearest title that does: a man's "Mrs", "Ms"
    or "Miss" becomes "Mr"; a woman's "Mr" becomes "Mrs" or "Ms" (by the name, so the same
    person always gets the same one)."""
    if drawn == "Dr":
        return drawn
    if first_name in MEN:
        return "Mr"
    if drawn in WOMEN_TITLES:
        return drawn
    return WOMEN_TITLES[len(first_name) % 2]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
DESCRIPTORS = ["Park", "Meadow", "Brook", "Hill", "Fields", "Orchard", "Westfield", "Northgate",
               "Southfield", "Riverside", "Woodlands", "Church End", "Castle", "Moorside",
               "Greenway", "Valley", "Heath", "Abbey", "Lakeside", "Elm Tree"]



def without_repeats(name: str) -> str:
    """A name with a word said twice running said once: "High School School" -> "High School"."""
    return re.sub(r"\b(\w+)( \1\b)+", r"\1", name)
