"""What import-linter cannot see: a lower app naming a higher one without importing it.

The apps stand in layers (docs/architecture.md); a lower app never names a higher one. An import
is import-linter's to find (pyproject.toml). This scanner finds the other ways of naming:

- `get_model`: `apps.get_model("higher", ...)`, `get_model("higher.Model")`, `get_app_config`,
  `app_label="higher"`;
- `model string`, `permission string`, `dotted path`: a string "higher.Model" (subpage_types,
  parent_page_types, SECTIONS, a ForeignKey), "higher.codename" or "higher.module.name", a pair
  ("higher", "model") or ("higher", "codename"), a higher model's name quoted in a template;
- `related name`: a lookup (`name__...`, `filter(name=...)`, `prefetch_related("name")`) or an
  attribute (`.name`, in code or templates) through the related name of a higher app's model
  that points at a lower model;
- `template library`: `{% load lib %}` of a higher app's templatetags module;
- `URL name`, `URL namespace`: `{% url %}`, `reverse()`, `redirect()` of a URL whose view (or
  model, for Wagtail's generic views) is a higher app's, or its full "namespace:name" in a string;
- `template`: `{% include %}`/`{% extends %}` or a template name in code, of a higher app's
  template.

What each app answers to is computed from Django's app registry, the URLconf and the apps'
templatetags modules (`Vocabulary.of_project`), so the scanner itself names no app but the order.
`website/settings/` and `website/urls.py` are the composition root: they may name every app.
"""

import ast
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# Bottom to top: an app may name those before it, never those after it.
APPS = ("website", "accounts", "communes", "cohorts", "openness_programs", "participation", "search", "demo")
RANK = {app: rank for rank, app in enumerate(APPS)}
COMPOSITION_ROOT = ("website/settings/", "website/urls.py")
# Root template folders of allauth's that our `accounts` app overrides; every other root template
# (base.html, includes/, allauth/, the error pages) belongs to `website`.
ACCOUNTS_TEMPLATES = ("account", "accounts")
TEMPLATE_SUFFIXES = (".html", ".txt", ".xml", ".json")

URL_FUNCTIONS = {"reverse", "reverse_lazy", "redirect", "resolve_url"}
MODEL_FUNCTIONS = {"get_model", "get_app_config"}
PREFETCH_FUNCTIONS = {"prefetch_related", "select_related", "Prefetch"}
# Calls whose keyword arguments are lookups even without a `__`.
LOOKUP_FUNCTIONS = {"filter", "exclude", "get", "get_or_create", "update_or_create", "Q", "aggregate", "annotate"}

DOTTED = re.compile(r"^([a-z_]+)\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)$")
TEMPLATE_NAME = re.compile(r"^[\w.-]+/[\w./-]+$")
TAG_OR_VARIABLE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
LOAD = re.compile(r"\{%\s*load\s+(.+?)\s*%\}", re.DOTALL)
URL_TAG = re.compile(r"\{%\s*url\s+([\"'])(.+?)\1")
INCLUDE = re.compile(r"\{%\s*(?:include|extends)\s+([\"'])(.+?)\1")
ATTRIBUTE = re.compile(r"\.(\w+)")
QUOTED_WORD = re.compile(r"([\"'])([a-z_]+)\1")


@dataclass(frozen=True, order=True)
class Breach:
    path: str
    line: int
    kind: str
    what: str
    app: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind} {self.what} names {self.app}"


@dataclass
class Vocabulary:
    """The names each app answers to; every map goes from a name to the app that owns it."""

    models: dict[str, set[str]] = field(default_factory=dict)  # app -> lower-case model names
    permissions: dict[str, set[str]] = field(default_factory=dict)  # app -> permission codenames
    modules: set[str] = field(default_factory=set)  # dotted module names of our apps
    # A related name -> (the higher app whose model declares it, "app.Model.field").
    lookups: dict[str, tuple[str, str]] = field(default_factory=dict)  # related query names
    accessors: dict[str, tuple[str, str]] = field(default_factory=dict)  # reverse accessors
    libraries: dict[str, str] = field(default_factory=dict)  # templatetag library -> app
    url_names: dict[str, str] = field(default_factory=dict)  # "ns:name" -> app
    url_namespaces: dict[str, str] = field(default_factory=dict)  # "ns" -> app

    @classmethod
    def of_project(cls, root: Path) -> "Vocabulary":
        vocabulary = cls(modules=set(project_modules(root)), libraries=template_libraries(root))
        add_models(vocabulary)
        add_urls(vocabulary)
        return vocabulary


def project_modules(root: Path) -> Iterator[str]:
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def template_libraries(root: Path) -> dict[str, str]:
    return {path.stem: app for app in APPS for path in sorted((root / app / "templatetags").glob("*.py"))
            if path.stem != "__init__"}


def add_models(vocabulary: Vocabulary) -> None:
    """Models, permissions and the related names that higher apps' models give lower models."""
    from django.apps import apps

    configs = [config for config in apps.get_app_configs() if config.label in RANK]
    own_names: dict[str, set[str]] = {}  # app -> the field names its own models declare
    for config in configs:
        names = vocabulary.models.setdefault(config.label, set())
        permissions = vocabulary.permissions.setdefault(config.label, set())
        own = own_names.setdefault(config.label, set())
        for model in config.get_models():
            opts = model._meta
            names.add(opts.model_name)
            permissions.update(f"{action}_{opts.model_name}" for action in opts.default_permissions)
            permissions.update(codename for codename, _ in opts.permissions)
            own.update(f.name for f in opts.get_fields() if not f.auto_created)
    for config in configs:
        for model in config.get_models():
            for f in model._meta.get_fields():
                if not f.is_relation or f.auto_created or not hasattr(f, "remote_field"):
                    continue
                if f.model is not model or not isinstance(f.related_model, type):
                    continue  # inherited (Wagtail's Page.owner) or unresolved
                target = f.related_model._meta.app_label
                if target not in RANK or RANK[target] >= RANK[config.label]:
                    continue
                if f.remote_field.hidden:
                    continue  # related_name="+"
                # A name that a lower app's own models also declare is theirs to use.
                lower_names = set().union(*(own_names.get(app, set()) for app in APPS[:RANK[config.label]]))
                where = (config.label, f"{model._meta.label}.{f.name}")
                accessor, query = f.remote_field.get_accessor_name(), f.related_query_name()
                if accessor not in lower_names:
                    vocabulary.accessors[accessor] = where
                if query not in lower_names:
                    vocabulary.lookups[query] = where


def add_urls(vocabulary: Vocabulary) -> None:
    """Every named URL belongs to the app whose module defines its view (or its model, for
    Wagtail's generic views), else the app whose URLconf lists it. Wagtail's names stay
    Wagtail's, even where one of our views replaces Wagtail's under its name."""
    from django.urls import URLPattern, URLResolver, get_resolver

    owners: dict[str, set[str]] = {}
    namespaces: dict[str, set[str]] = {}

    def app_of(module: str | None) -> str | None:
        top = (module or "").split(".")[0]
        return top if top in RANK else None

    def walk(patterns, namespace: list[str], urlconf_app: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                urlconf = pattern.urlconf_name
                module = getattr(urlconf, "__name__", urlconf if isinstance(urlconf, str) else None)
                inner = urlconf_app if module in (None, "website.urls") else app_of(module)
                walk(pattern.url_patterns, [*namespace, pattern.namespace] if pattern.namespace else namespace,
                     inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                full = ":".join([*namespace, pattern.name])
                if full.startswith("wagtail"):
                    continue
                callback = pattern.callback
                view = getattr(callback, "view_class", None) or callback
                model = (getattr(callback, "view_initkwargs", None) or {}).get("model")
                app = (app_of(getattr(view, "__module__", None))
                       or (isinstance(model, type) and app_of(model.__module__))
                       or urlconf_app)
                if app:
                    owners.setdefault(full, set()).add(app)
                    for depth in range(1, len(namespace) + 1):
                        namespaces.setdefault(":".join(namespace[:depth]), set()).add(app)

    walk(get_resolver().url_patterns, [], None)
    vocabulary.url_names.update({name: found.pop() for name, found in owners.items() if len(found) == 1})
    vocabulary.url_namespaces.update({ns: found.pop() for ns, found in namespaces.items() if len(found) == 1})


def template_owner(name: str) -> str:
    """The app whose template `name` ("cohorts/includes/x.html") is."""
    first = name.split("/")[0]
    if first in ACCOUNTS_TEMPLATES:
        return "accounts"
    return first if first in RANK else "website"


def file_owner(relative: str) -> str | None:
    """The app a project file belongs to, or None where the rule does not look."""
    parts = Path(relative).parts
    if relative.startswith(COMPOSITION_ROOT) or "migrations" in parts:
        return None
    if parts[0] == "templates" and len(parts) > 1:
        return template_owner("/".join(parts[1:]))
    return parts[0] if parts[0] in RANK else None


def project_files(root: Path) -> Iterator[tuple[str, str]]:
    """(relative path, app) of every Python file and template of our apps."""
    paths = [*(path for app in APPS for path in (root / app).rglob("*.py")),
             *(root / "templates").rglob("*"),
             *(path for app in APPS for path in (root / app / "templates").rglob("*"))]
    for path in sorted(set(paths)):
        relative = path.relative_to(root).as_posix()
        app = file_owner(relative)
        if app and path.is_file() and (path.suffix == ".py" or "templates" in path.parts):
            yield relative, app


class Scanner:
    """Finds the names of higher apps in one app's files."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary

    def scan_project(self, root: Path) -> list[Breach]:
        breaches = []
        for relative, app in project_files(root):
            text = (root / relative).read_text(encoding="utf-8")
            scan = self.scan_python if relative.endswith(".py") else self.scan_template
            breaches.extend(scan(text, relative, app))
        return sorted(breaches)

    # What a name belongs to, when it is above `app`.

    def _above(self, owner: str | None, app: str) -> bool:
        return owner is not None and RANK[owner] > RANK[app]

    def _url(self, name: str, app: str) -> tuple[str, str] | None:
        """(kind, owner) if the URL name `name` belongs to an app above `app`."""
        owner = self.vocabulary.url_names.get(name)
        if self._above(owner, app):
            return "URL name", owner
        namespace = name.rpartition(":")[0]
        while namespace:
            owner = self.vocabulary.url_namespaces.get(namespace)
            if self._above(owner, app):
                return "URL namespace", owner
            namespace = namespace.rpartition(":")[0]
        return None

    def _dotted(self, value: str, app: str) -> tuple[str, str] | None:
        """(kind, owner) if the string names a higher app's model, permission or module."""
        match = DOTTED.match(value)
        if not match or not self._above(match[1] if match[1] in RANK else None, app):
            return None
        label, rest = match[1], match[2]
        if "." not in rest and rest.lower() in self.vocabulary.models.get(label, ()):
            return "model string", label
        if "." not in rest and rest in self.vocabulary.permissions.get(label, ()):
            return "permission string", label
        parts = value.split(".")
        if any(".".join(parts[:depth]) in self.vocabulary.modules for depth in range(2, len(parts) + 1)):
            return "dotted path", label
        return None

    def _pair(self, label: str, name: str, app: str) -> tuple[str, str] | None:
        """(kind, owner) if ("label", "name") names a higher app's model or permission."""
        if not self._above(label if label in RANK else None, app):
            return None
        if name.lower() in self.vocabulary.models.get(label, ()):
            return "model string", label
        if name in self.vocabulary.permissions.get(label, ()):
            return "permission string", label
        return None

    def _template(self, value: str, app: str) -> str | None:
        if value.endswith(TEMPLATE_SUFFIXES) and TEMPLATE_NAME.match(value):
            owner = template_owner(value)
            if self._above(owner, app):
                return owner
        return None

    def _lookup(self, lookup: str, app: str, whole: bool) -> tuple[str, str] | None:
        """(related name, "app.Model.field") if a lookup goes through a higher app's related name.
        A single word counts only where the call makes it a lookup (`whole`)."""
        parts = lookup.lstrip("-").split("__")
        if len(parts) == 1 and not whole:
            return None
        for part in parts:
            owner, where = self.vocabulary.lookups.get(part, (None, ""))
            if self._above(owner, app):
                return part, where
        return None

    # Python

    def scan_python(self, source: str, path: str, app: str) -> list[Breach]:
        tree = ast.parse(source, filename=path)
        breaches: list[Breach] = []
        seen: set[int] = set()  # the string constants already read as a call's argument

        def breach(node: ast.AST, kind: str, what: str, owner: str) -> None:
            breaches.append(Breach(path, node.lineno, kind, what, owner))

        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            function = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            first = node.args[0] if node.args else None
            text = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
            if function in MODEL_FUNCTIONS and text is not None:
                seen.add(id(first))
                label = text.split(".")[0]
                if self._above(label if label in RANK else None, app):
                    names = [f'"{a.value}"' for a in node.args if isinstance(a, ast.Constant)]
                    breach(node, "get_model", f"{function}({', '.join(names)})", label)
                continue
            elif function in URL_FUNCTIONS and text is not None:
                seen.add(id(first))
                found = self._url(text, app)
                if found:
                    breach(node, found[0], f'{function}("{text}")', found[1])
            elif function in PREFETCH_FUNCTIONS:
                for argument in node.args:
                    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                        seen.add(id(argument))
                        found = self._lookup(argument.value, app, whole=True)
                        if found:
                            breach(argument, "related name", f"'{found[0]}' ({found[1]})",
                                   self.vocabulary.lookups[found[0]][0])
            for keyword in node.keywords:
                if keyword.arg is None:
                    continue
                value = keyword.value
                if (keyword.arg == "app_label" and isinstance(value, ast.Constant)
                        and self._above(value.value if value.value in RANK else None, app)):
                    seen.add(id(value))
                    breach(keyword, "get_model", f'app_label="{value.value}"', value.value)
                    continue
                found = self._lookup(keyword.arg, app, whole=function in LOOKUP_FUNCTIONS)
                if found:
                    breach(keyword, "related name", f"'{found[0]}' ({found[1]})",
                           self.vocabulary.lookups[found[0]][0])

        for node in ast.walk(tree):
            items = node.elts if isinstance(node, ast.Tuple | ast.List) else getattr(node, "args", [])
            if not isinstance(items, list):
                continue  # a function definition's arguments
            for first, second in itertools.pairwise(items):
                if id(first) not in seen and all(
                        isinstance(n, ast.Constant) and isinstance(n.value, str) for n in (first, second)):
                    found = self._pair(first.value, second.value, app)
                    if found:
                        breach(first, found[0], f'("{first.value}", "{second.value}")', found[1])

        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                owner, where = self.vocabulary.accessors.get(node.attr, (None, ""))
                if self._above(owner, app):
                    breach(node, "related name", f"'.{node.attr}' ({where})", owner)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in seen:
                value = node.value
                dotted = self._dotted(value, app)
                if dotted:
                    breach(node, dotted[0], f'"{value}"', dotted[1])
                    continue
                owner = self._template(value, app)
                if owner:
                    breach(node, "template", f'"{value}"', owner)
                    continue
                owner = self.vocabulary.url_names.get(value) if ":" in value else None
                if self._above(owner, app):
                    breach(node, "URL name", f'"{value}"', owner)
                    continue
                found = self._lookup(value, app, whole=False) if "__" in value and " " not in value else None
                if found:
                    breach(node, "related name", f"'{found[0]}' ({found[1]})",
                           self.vocabulary.lookups[found[0]][0])
        return breaches

    # Templates

    def scan_template(self, source: str, path: str, app: str) -> list[Breach]:
        breaches: list[Breach] = []

        def breach(position: int, kind: str, what: str, owner: str) -> None:
            breaches.append(Breach(path, source.count("\n", 0, position) + 1, kind, what, owner))

        for match in LOAD.finditer(source):
            words = match[1].split()
            libraries = words[words.index("from") + 1:] if "from" in words else words
            for library in libraries:
                owner = self.vocabulary.libraries.get(library)
                if self._above(owner, app):
                    breach(match.start(), "template library", f"{{% load {library} %}}", owner)
        for match in URL_TAG.finditer(source):
            found = self._url(match[2], app)
            if found:
                breach(match.start(), found[0], f"{{% url '{match[2]}' %}}", found[1])
        for match in INCLUDE.finditer(source):
            owner = self._template(match[2], app)
            if owner:
                breach(match.start(), "template", f'"{match[2]}"', owner)
        below = set().union(*(self.vocabulary.models.get(lower, set()) for lower in APPS[:RANK[app] + 1]))
        for tag in TAG_OR_VARIABLE.finditer(source):
            for match in QUOTED_WORD.finditer(tag[0]):
                owner = next((other for other in APPS[RANK[app] + 1:]
                              if match[2] in self.vocabulary.models.get(other, ()) and match[2] not in below), None)
                if owner:
                    breach(tag.start() + match.start(), "model string", f'"{match[2]}"', owner)
            for match in ATTRIBUTE.finditer(tag[0]):
                owner, where = self.vocabulary.accessors.get(match[1], (None, ""))
                if self._above(owner, app):
                    breach(tag.start() + match.start(), "related name", f"'.{match[1]}' ({where})", owner)
        return sorted(breaches)


# Extension points: hook names declared in `<app>/extensions.py`, and where they are used.

HOOK_FUNCTIONS = {"register", "get_hooks", "gather"}


@dataclass(frozen=True)
class HookUse:
    path: str
    line: int
    function: str
    module: str | None  # the extensions module the name is read from, or None for a string
    constant: str | None
    value: str | None  # the string passed, when it is one


def hook_constants(root: Path) -> dict[str, dict[str, str]]:
    """Extensions module -> {constant: hook name}: the module-level strings of each app's
    `extensions.py` that start with the app's label (`communes_member_sections`)."""
    declared = {}
    for app in APPS:
        path = root / app / "extensions.py"
        if not path.exists():
            continue
        constants = declared.setdefault(f"{app}.extensions", {})
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                    and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                    and node.value.value.startswith(f"{app}_")):
                constants[node.targets[0].id] = node.value.value
    return declared


def _imports(tree: ast.Module) -> dict[str, str]:
    """Local name -> the dotted name it stands for, from a module's imports."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:  # import communes.extensions as extensions
                    names[alias.asname] = alias.name
                else:  # import communes.extensions: binds `communes`
                    top = alias.name.split(".")[0]
                    names[top] = top
    return names


def _dotted_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted_name(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def hook_uses(source: str, path: str) -> list[HookUse]:
    """`hooks.register(name, …)`, `hooks.get_hooks(name)` and `gather(name, …)` in one module, with
    the extensions module and constant each name is read from (module-level names only)."""
    tree = ast.parse(source, filename=path)
    module = path.removesuffix(".py").replace("/", ".")
    imports = _imports(tree)
    own = {target.id for node in tree.body if isinstance(node, ast.Assign)
           for target in node.targets if isinstance(target, ast.Name)}
    uses = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        function = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        if function not in HOOK_FUNCTIONS:
            continue
        if function != "gather" and _dotted_name(node.func.value if isinstance(node.func, ast.Attribute)
                                                  else node.func) != "hooks":
            continue
        argument = node.args[0]
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            uses.append(HookUse(path, node.lineno, function, None, None, argument.value))
            continue
        dotted = _dotted_name(argument)
        if not dotted:
            continue
        head, _, rest = dotted.partition(".")
        if head in imports:
            full = imports[head] + (f".{rest}" if rest else "")
        elif head in own and not rest:
            full = f"{module}.{head}"
        else:
            continue  # a parameter or a local variable: not a name of its own
        owner, _, constant = full.rpartition(".")
        uses.append(HookUse(path, node.lineno, function, owner, constant, None))
    return uses
