"""The walls between apps (DESIGN §4), read from the source.

Each app may use the apps below it, never one above: `core` and `accounts` know no domain;
`schools` knows core; `categorisation` and `partnerships` read schools (not each other);
`funding` reads those two; `support` reads funding and what it reads; `boards` may reference
all of them; `demo` seeds them all and nothing imports it. A crossing is an `import` (at the top
of a module or inside a function), a model named by string (`"schools.School"`), or a migration
that depends on, or points a key at, an app above its own. Apps never import each other's views,
API or URL modules (the views of an app are its own; reuse goes through services, selectors and
published reads), and no modules import each other in a circle.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

BELOW = {
    "core": {"accounts"},
    "accounts": {"core"},
    "schools": {"core", "accounts"},
    "categorisation": {"core", "accounts", "schools"},
    "partnerships": {"core", "accounts", "schools"},
    "funding": {"core", "accounts", "schools", "categorisation", "partnerships"},
    "support": {"core", "accounts", "schools", "categorisation", "partnerships", "funding"},
    "boards": {"core", "accounts", "schools", "categorisation", "partnerships", "funding",
               "support"},
    "demo": {"core", "accounts", "schools", "categorisation", "partnerships", "funding",
             "support", "boards"},
}
APPS = sorted(BELOW)

# Migrations applied before the walls were restored: history that cannot be rewritten on
# databases already migrated. Core's 0002 gave Membership a key to schools.School; schools' 0006
# moved it out and core's 0005 dropped it.
HISTORY = {"core/migrations/0002_tenant_keys_and_school_links.py"}

# Another domain app's modules that are its own business: pages, API and URLs (core and
# accounts are the toolkit every app uses, their API helpers included).
PRIVATE_MODULE = re.compile(r"^\w+\.(views|api|urls|import_urls)(\.|$)")
MODEL_STRING = re.compile(r"^([a-z_]+)\.([A-Za-z_]+)$")


def app_files(*, migrations: bool) -> list[Path]:
    files = []
    for app in APPS:
        folder = ROOT / app
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.py")):
            if ("migrations" in path.parts) == migrations:
                files.append(path)
    return files


def app_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0]


def imported_modules(tree: ast.AST) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) of every absolute import, at any depth of the module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module, [alias.name for alias in node.names]))
    return found


def crossings(path: Path, source: str) -> list[str]:
    app = app_of(path)
    allowed = BELOW[app] | {app}
    where = path.relative_to(ROOT)
    tree = ast.parse(source)
    problems = []
    for line, module, names in imported_modules(tree):
        top = module.split(".")[0]
        if top in BELOW and top not in allowed:
            problems.append(f"{where}:{line} imports {module} ({app} is below {top})")
        elif top in BELOW and top not in (app, "core", "accounts"):
            targets = [module] + [f"{module}.{name}" for name in names]
            if any(PRIVATE_MODULE.match(target) for target in targets):
                problems.append(f"{where}:{line} imports {module} "
                                f"({', '.join(names) or 'the module'}): another app's views, "
                                f"API or URLs")
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = MODEL_STRING.match(node.value)
            if match and match.group(1) in BELOW and match.group(1) not in allowed \
                    and match.group(2)[0].isupper():
                problems.append(f"{where}:{node.lineno} names the model {node.value}")
    return problems


def migration_crossings(path: Path, source: str) -> list[str]:
    app = app_of(path)
    allowed = BELOW[app] | {app}
    where = path.relative_to(ROOT)
    problems = []
    for other in re.findall(r"\(\s*['\"](\w+)['\"]\s*,\s*['\"]\d{4}_\w*['\"]\s*\)", source):
        if other in BELOW and other not in allowed:
            problems.append(f"{where} depends on a migration of {other}")
    for other in re.findall(r"to=['\"](\w+)\.\w+['\"]", source):
        if other in BELOW and other not in allowed:
            problems.append(f"{where} points a key at {other}")
    return problems


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_circles(files: list[Path]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan's strongly
    connected components), counting imports inside functions too: a deferred import hides a
    circle, it does not remove it."""
    modules = {module_name(path): path for path in files}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for _, module, names in imported_modules(ast.parse(path.read_text())):
            for target in [module] + [f"{module}.{imported}" for imported in names]:
                if target in modules and target != name:
                    graph[name].add(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def test_no_app_imports_or_names_an_app_above_it():
    problems = [problem for path in app_files(migrations=False)
                for problem in crossings(path, path.read_text())]
    assert problems == []


def test_no_migration_depends_on_an_app_above_its_own():
    problems = [problem for path in app_files(migrations=True)
                if str(path.relative_to(ROOT)) not in HISTORY
                for problem in migration_crossings(path, path.read_text())]
    assert problems == []


def test_no_modules_import_each_other_in_a_circle():
    assert import_circles(app_files(migrations=False)) == []


# The checks themselves, on made-up sources: each kind of crossing is caught.
@pytest.mark.parametrize(("path", "source"), [
    ("schools/example.py", "from categorisation.models import SchoolCategory\n"),
    ("core/example.py", "def f():\n    import schools.selectors\n"),
    ("core/example.py", "school = models.ForeignKey('schools.School', on_delete=None)\n"),
    ("categorisation/example.py", "from partnerships import services\n"),
    ("categorisation/example.py", "from schools.api.views import SchoolAPIBase\n"),
    ("partnerships/example.py", "from schools import views\n"),
    ("schools/example.py", "from demo.register import DemoCouncil\n"),
])
def test_a_crossing_is_caught(path, source):
    assert crossings(ROOT / path, source)


@pytest.mark.parametrize(("path", "source"), [
    ("categorisation/example.py", "from schools.selectors import school_of\n"),
    ("boards/example.py", "from categorisation.models import SchoolCategory\n"),
    ("demo/example.py", "from partnerships.services import roles\n"),
    ("schools/example.py", "x = 'core.Membership'\n"),
])
def test_a_use_of_an_app_below_is_allowed(path, source):
    assert crossings(ROOT / path, source) == []


def test_a_migration_crossing_is_caught():
    source = "dependencies = [('schools', '0001_initial')]\nx = dict(to='schools.school')\n"
    assert len(migration_crossings(ROOT / "core/migrations/0009_x.py", source)) == 2
    assert migration_crossings(ROOT / "categorisation/migrations/0009_x.py", source) == []
