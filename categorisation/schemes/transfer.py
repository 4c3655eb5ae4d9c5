"""A scheme version as a JSON file, to take a scheme from one council to another, and the
reading of such a file (or of an API body) back: checked field by field, then through the
editor's own conversion (`editor.build`), so whatever is imported could have been made in the
editor and every error names the field, the rule or the category it is about."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from categorisation.models import CategorisationScheme
from categorisation.schemes import editor, engine

FORMAT = "school-improvement-scheme"
FORMAT_VERSION = 1
MAX_DEPTH = 12  # nested groups of conditions, far beyond any scheme a person writes
MAX_RULES = 500
CATEGORY_FIELDS = ("code", "label", "description", "colour", "attributes")


def scheme_to_file(scheme: CategorisationScheme) -> dict:
    """The version as the file a council downloads (and another uploads)."""
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "key": scheme.key, "name": scheme.name, "description": scheme.description,
        "preset": scheme.preset, "version": scheme.version, "change_note": scheme.change_note,
        "definition": scheme.definition,
        "categories": [{"code": c.code, "label": c.label, "description": c.description,
                        "colour": c.colour, "attributes": c.attributes}
                       for c in scheme.categories.all()],
    }


@dataclass
class Reading:
    definition: dict = field(default_factory=dict)
    categories: list[dict] = field(default_factory=list)
    name: str = ""
    description: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems


def _too_deep(value: Any, levels: int) -> bool:
    if isinstance(value, dict):
        items = list(value.values())
    elif isinstance(value, list):
        items = value
    else:
        return False
    return levels == 0 or any(_too_deep(item, levels - 1) for item in items)


def read_definition(definition: Any, categories: Any) -> Reading:
    """A definition and its categories as `services.scheme_version_create` takes them, or the
    problems, each naming its field."""
    reading = Reading()
    problems = reading.problems
    if not isinstance(categories, list) or not categories:
        problems.append("categories: a list of one or more categories is needed.")
    else:
        for number, category in enumerate(categories, start=1):
            problems += _category_problems(number, category)
    if not isinstance(definition, dict):
        problems.append("definition: an object with “rules” is needed.")
    elif _too_deep(definition, 2 * MAX_DEPTH + 6):
        problems.append(f"definition: conditions are nested more than {MAX_DEPTH} deep.")
    elif not isinstance(definition.get("parameters", {}), dict):
        problems.append("definition.parameters: an object of thresholds is needed.")
    elif not isinstance(definition.get("derive", []), list):
        problems.append("definition.derive: a list of derived facts is needed.")
    elif isinstance(definition.get("rules"), list) and len(definition["rules"]) > MAX_RULES:
        problems.append(f"definition.rules: {MAX_RULES} rules at most.")
    if problems:
        return reading
    assert isinstance(definition, dict) and isinstance(categories, list)
    codes = {category["code"] for category in categories}
    try:
        problems += [f"definition: {problem}"
                     for problem in engine.definition_problems(definition, codes)]
        if problems:
            return reading
        built = editor.build(editor.draft_from_definition(definition, categories))
    except (TypeError, ValueError, AttributeError, KeyError):
        # A part of another shape than the engine's (a rule that is a number, say).
        problems.append("definition: a rule, condition or threshold is not of the form a "
                        "scheme has (an object of “rules”, each an object with “when”).")
        return reading
    problems += [f"definition: {message}" for _, message in built.errors]
    # The rules as the editor writes them (values of the type each fact has); the categories
    # as the file has them (the editor would add its defaults to their attributes).
    reading.definition = built.definition
    reading.categories = [{"code": c["code"].strip(), "label": c["label"].strip(),
                           "description": c.get("description", ""),
                           "colour": c.get("colour", ""), "attributes": c.get("attributes", {})}
                          for c in categories]
    return reading


def _category_problems(number: int, category: Any) -> list[str]:
    where = f"categories[{number}]"
    if not isinstance(category, dict):
        return [f"{where}: an object with “code” and “label” is needed."]
    problems = [f"{where}.{name}: unknown field." for name in category
                if name not in CATEGORY_FIELDS]
    for name, limit, required in (("code", 20, True), ("label", 200, True),
                                  ("description", 5000, False), ("colour", 20, False)):
        value = category.get(name, "" if not required else None)
        if not isinstance(value, str) or (required and not value.strip()):
            problems.append(f"{where}.{name}: enter it as text.")
        elif len(value) > limit:
            problems.append(f"{where}.{name}: {limit} characters at most.")
    if not isinstance(category.get("attributes", {}), dict):
        problems.append(f"{where}.attributes: an object is needed.")
    return problems


def read_scheme_file(data: Any) -> Reading:
    """A downloaded scheme file (`scheme_to_file`), checked."""
    if not isinstance(data, dict):
        return Reading(problems=["The file must hold one scheme: a JSON object."])
    if data.get("format", FORMAT) != FORMAT:
        return Reading(problems=[f"format: this is not a scheme file (“{FORMAT}” expected)."])
    reading = read_definition(data.get("definition"), data.get("categories"))
    for name, limit in (("name", 200), ("description", 5000)):
        value = data.get(name, "")
        if not isinstance(value, str):
            reading.problems.append(f"{name}: enter it as text.")
        elif len(value) > limit:
            reading.problems.append(f"{name}: {limit} characters at most.")
        else:
            setattr(reading, name, value.strip())
    return reading
