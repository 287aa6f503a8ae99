"""The layers hold: no lower app names a higher one (docs/architecture.md).

import-linter checks the imports (`make check`); tests/layers.py finds the other ways of naming an
app, and the synthetic cases below show that it finds each of them.
"""

import re
import textwrap
import tomllib
from pathlib import Path

import pytest

from tests.layers import APPS, Breach, Scanner, Vocabulary, file_owner, hook_constants, hook_uses, project_files

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = ROOT / "docs" / "architecture.md"


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.of_project(ROOT)


def test_no_lower_app_names_a_higher_one(vocabulary):
    breaches = Scanner(vocabulary).scan_project(ROOT)
    assert not breaches, "A lower app names a higher one (docs/architecture.md):\n" + "\n".join(map(str, breaches))


def test_the_vocabulary_comes_from_the_project(vocabulary):
    """What the scanner looks for is read from the registry, the URLconf and the templatetags."""
    assert vocabulary.lookups and vocabulary.accessors
    assert vocabulary.url_names and vocabulary.url_namespaces
    assert set(vocabulary.libraries) == {
        path.stem for path in ROOT.glob("*/templatetags/*.py") if path.stem != "__init__" and path.parts[-3] in APPS
    }
    owners = [owner for owner, _ in vocabulary.lookups.values()]
    owners += [*vocabulary.libraries.values(), *vocabulary.url_names.values(), *vocabulary.url_namespaces.values()]
    assert set(owners) <= set(APPS)


def test_import_linter_reads_every_app_in_this_order():
    """The contract lists the apps top to bottom, and reads every app that exists but the top (an
    app that is not read could import upwards unseen)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = config["contracts"]
    assert [layer.strip("()") for layer in contract["layers"]] == list(reversed(APPS))
    existing = {app for app in APPS if (ROOT / app / "__init__.py").exists()}
    assert set(config["root_packages"]) == existing - {APPS[-1]}
    # A layer may be optional only while its app may not exist yet.
    assert {layer.strip("()") for layer in contract["layers"] if layer.startswith("(")} <= {"participation", "demo"}


# The scanner on small inputs. `communes` is below `cohorts`.

VOCABULARY = Vocabulary(
    models={"communes": {"member"}, "cohorts": {"cohort", "cohortmembership"}},
    permissions={"communes": {"add_member"}, "cohorts": {"add_cohort", "change_cohort"}},
    modules={"communes", "communes.models", "cohorts", "cohorts.tasks"},
    lookups={"cohort_memberships": ("cohorts", "cohorts.CohortMembership.member")},
    accessors={"cohort_memberships": ("cohorts", "cohorts.CohortMembership.member")},
    libraries={"cohorts_public": "cohorts", "website_tags": "website"},
    url_names={"cohorts:detail": "cohorts", "members:directory": "communes", "cohorts_dashboard": "cohorts"},
    url_namespaces={"cohorts": "cohorts", "members": "communes"},
)

# case: (source, the kind of breach it is)
PYTHON_CASES = {
    "get_model": ('apps.get_model("cohorts", "Cohort")', "get_model"),
    "get_model, dotted": ('apps.get_model("cohorts.Cohort")', "get_model"),
    "get_app_config": ('apps.get_app_config("cohorts")', "get_model"),
    "app_label": ('ContentType.objects.get(app_label="cohorts", model="cohort")', "get_model"),
    "subpage_types": ('subpage_types = ["cohorts.Cohort"]', "model string"),
    "ForeignKey": ('member = models.ForeignKey("cohorts.CohortMembership", on_delete=CASCADE)', "model string"),
    "model pair": ('ContentType.objects.get_by_natural_key("cohorts", "cohort")', "model string"),
    "permission": ('user.has_perm("cohorts.add_cohort")', "permission string"),
    "permission pair": ('GRANTS = [("cohorts", "change_cohort")]', "permission string"),
    "dotted path": ('TASK = "cohorts.tasks.send_reminders"', "dotted path"),
    "lookup": ('Member.objects.filter(cohort_memberships__status="admitted")', "related name"),
    "deeper lookup": ("Territory.objects.exclude(member__cohort_memberships__isnull=True)", "related name"),
    "lookup alone": ("Member.objects.filter(cohort_memberships=None)", "related name"),
    "lookup in a string": ('members.values_list("cohort_memberships__cohort", flat=True)', "related name"),
    "ordering": ('members.order_by("-cohort_memberships__admitted_at")', "related name"),
    "prefetch": ('members.prefetch_related("cohort_memberships")', "related name"),
    "attribute": ("memberships = member.cohort_memberships.all()", "related name"),
    "reverse": ('reverse("cohorts:detail", args=[1])', "URL name"),
    "reverse without namespace": ('reverse_lazy("cohorts_dashboard")', "URL name"),
    "redirect into a namespace": ('redirect("cohorts:somewhere")', "URL namespace"),
    "URL name in a string": ('NAVIGATION = [Link(url_name="cohorts:detail", label="Cohort")]', "URL name"),
    "template name": ('render(request, "cohorts/includes/phase_gate.html", context)', "template"),
}

TEMPLATE_CASES = {
    "load": ("{% load i18n cohorts_public %}", "template library"),
    "load from": ("{% load standing from cohorts_public %}", "template library"),
    "url": ("<a href=\"{% url 'cohorts:detail' cohort.number %}\">", "URL name"),
    "url namespace": ('<a href="{% url "cohorts:somewhere" %}">', "URL namespace"),
    "include": ('{% include "cohorts/includes/phase_gate.html" with gate=gate %}', "template"),
    "extends": ('{% extends "cohorts/base.html" %}', "template"),
    "related name in a variable": ("{{ member.cohort_memberships.count }}", "related name"),
    "related name in a tag": ("{% for m in member.cohort_memberships.all %}{% endfor %}", "related name"),
    "model name": ('{% with s=sections|of_type:"cohortmembership" %}{% endwith %}', "model string"),
}


def scan(source: str, app: str = "communes", template: bool = False) -> list[Breach]:
    scanner = Scanner(VOCABULARY)
    source = "\n\n" + textwrap.dedent(source)  # on the third line
    if template:
        return scanner.scan_template(source, f"templates/{app}/page.html", app)
    return scanner.scan_python(source, f"{app}/module.py", app)


@pytest.mark.parametrize("case", PYTHON_CASES)
def test_the_scanner_finds_in_code(case):
    source, kind = PYTHON_CASES[case]
    (breach,) = scan(source)
    assert (breach.path, breach.line, breach.kind, breach.app) == ("communes/module.py", 3, kind, "cohorts")


@pytest.mark.parametrize("case", TEMPLATE_CASES)
def test_the_scanner_finds_in_templates(case):
    source, kind = TEMPLATE_CASES[case]
    (breach,) = scan(source, template=True)
    assert (breach.path, breach.line, breach.kind, breach.app) == ("templates/communes/page.html", 3, kind, "cohorts")


def test_every_kind_is_shown():
    kinds = {kind for _, kind in [*PYTHON_CASES.values(), *TEMPLATE_CASES.values()]}
    assert kinds == {"get_model", "model string", "permission string", "dotted path", "related name",
                     "template library", "URL name", "URL namespace", "template"}


def test_a_breach_says_where_and_what():
    (breach,) = scan('parent_page_types = ["cohorts.Cohort"]')
    assert str(breach) == 'communes/module.py:3: model string "cohorts.Cohort" names cohorts'
    (breach,) = scan("{{ member.cohort_memberships.count }}", template=True)
    assert str(breach) == (
        "templates/communes/page.html:3: related name '.cohort_memberships' (cohorts.CohortMembership.member) "
        "names cohorts"
    )


def test_the_higher_app_may_name_itself_and_those_below():
    for source, _ in PYTHON_CASES.values():
        assert scan(source, app="cohorts") == []
    for source, _ in TEMPLATE_CASES.values():
        assert scan(source, app="cohorts", template=True) == []


CLEAN_PYTHON = '''
    """Cohorts are named in prose: "cohorts.Cohort" is a model of cohorts."""
    from django.apps import apps

    # apps.get_model("cohorts", "Cohort") in a comment
    Member = apps.get_model("communes", "Member")
    subpage_types = ["communes.Member", "wagtailcore.Page"]
    allowed = user.has_perm("communes.add_member")
    members = Member.objects.filter(territory__code="x", cohort="not a lookup call").order_by("-name")
    context = render(request, "communes/member_page.html", {"cohort": None, "cohorts": []})
    url = reverse("members:directory") + reverse("wagtailadmin_home")
    label = "cohorts"
    pair = ("cohorts", "a cohort")
    name = "cohort_memberships are cohorts' own"
'''

CLEAN_TEMPLATE = """
    {% load i18n wagtailcore_tags website_tags %}
    {% extends "base.html" %}
    {% include "communes/includes/card.html" with cohort=cohort %}
    <a href="{% url 'members:directory' %}">{{ member.name }}</a> cohorts.Cohort, member.cohort_memberships
    {% with kind="member" %}{% endwith %}
"""


def test_clean_inputs_are_clean():
    assert scan(CLEAN_PYTHON) == []
    assert scan(CLEAN_TEMPLATE, template=True) == []


@pytest.mark.parametrize(("path", "app"), [
    ("website/settings/base.py", None),
    ("website/urls.py", None),
    ("communes/migrations/0001_initial.py", None),
    ("website/models.py", "website"),
    ("cohorts/templatetags/cohorts_public.py", "cohorts"),
    ("templates/base.html", "website"),
    ("templates/404.html", "website"),
    ("templates/includes/breadcrumbs.html", "website"),
    ("templates/allauth/layouts/base.html", "website"),
    ("templates/account/login.html", "accounts"),
    ("templates/accounts/my_data.html", "accounts"),
    ("templates/communes/member_page.html", "communes"),
    ("tests/test_layers.py", None),
])
def test_each_file_belongs_to_one_app_or_to_the_composition_root(path, app):
    assert file_owner(path) == app


# Extension points: every hook name of ours is declared in an `<app>/extensions.py` and listed in
# docs/architecture.md; every use of a name of ours reads it from there.

HOOK_ROW = re.compile(r"^\| `(\w+\.extensions)\.(\w+)` \| `(\w+)` \|", re.MULTILINE)
OUR_PREFIXES = tuple(f"{app}_" for app in APPS)


def hook_problems(uses, declared) -> list[str]:
    problems = []
    for use in uses:
        where = f"{use.path}:{use.line}: {use.function}"
        if use.value is not None:
            if use.value.startswith(OUR_PREFIXES):
                problems.append(f'{where}("{use.value}"): a name of ours, written out instead of its constant')
        elif use.module in declared:
            if use.constant not in declared[use.module]:
                problems.append(f"{where}({use.module}.{use.constant}): not declared there")
        elif use.module.split(".")[0] in APPS:
            problems.append(f"{where}({use.module}.{use.constant}): a hook name outside an extensions module")
    return problems


def test_every_hook_is_listed_in_the_architecture_page():
    page = ARCHITECTURE.read_text(encoding="utf-8")
    listed = {(module, constant, value) for module, constant, value in HOOK_ROW.findall(page)}
    declared = {(module, constant, value) for module, constants in hook_constants(ROOT).items()
                for constant, value in constants.items()}
    assert declared, "no hook constant found in any <app>/extensions.py"
    assert sorted(declared - listed) == [], "hooks missing from the table of docs/architecture.md"
    assert sorted(listed - declared) == [], "docs/architecture.md lists hooks that no extensions.py declares"


def test_every_hook_of_ours_that_is_used_is_declared():
    declared = hook_constants(ROOT)
    uses = [use for relative, _ in project_files(ROOT) if relative.endswith(".py")
            for use in hook_uses((ROOT / relative).read_text(encoding="utf-8"), relative)]
    assert any(use.module in declared for use in uses)
    assert hook_problems(uses, declared) == []


def test_every_hook_of_ours_in_the_registry_is_declared():
    """Wagtail's own hook names aside, every name registered is one of the declared constants."""
    from wagtail import hooks

    hooks.search_for_hooks()
    names = {value for constants in hook_constants(ROOT).values() for value in constants.values()}
    registered = {name for name in hooks._hooks if name.startswith(OUR_PREFIXES)}
    assert registered and registered <= names, sorted(registered - names)


HOOKS_SOURCE = """
from wagtail import hooks

from communes import extensions
from communes.extensions import MEMBER_SECTIONS, UNDECLARED
import communes.extensions as communes_extensions
from cohorts.parts import OTHER


@hooks.register(MEMBER_SECTIONS)
def sections(): ...


@hooks.register("register_admin_urls")
def urls(): ...


hooks.register(extensions.MEMBER_SECTIONS, sections)
hooks.register(communes_extensions.MEMBER_SECTIONS, sections)
hooks.register(UNDECLARED, sections)
hooks.register("communes_member_sections", sections)
hooks.register(OTHER, sections)
"""


def test_hook_uses_are_read_with_their_constants():
    declared = {"communes.extensions": {"MEMBER_SECTIONS": "communes_member_sections"}}
    uses = hook_uses(HOOKS_SOURCE, "cohorts/wagtail_hooks.py")
    assert [(use.line, use.module, use.constant, use.value) for use in uses] == [
        (10, "communes.extensions", "MEMBER_SECTIONS", None),
        (14, None, None, "register_admin_urls"),
        (18, "communes.extensions", "MEMBER_SECTIONS", None),
        (19, "communes.extensions", "MEMBER_SECTIONS", None),
        (20, "communes.extensions", "UNDECLARED", None),
        (21, None, None, "communes_member_sections"),
        (22, "cohorts.parts", "OTHER", None),
    ]
    assert hook_problems(uses, declared) == [
        "cohorts/wagtail_hooks.py:20: register(communes.extensions.UNDECLARED): not declared there",
        ('cohorts/wagtail_hooks.py:21: register("communes_member_sections"): a name of ours, written out '
        "instead of its constant"),
        "cohorts/wagtail_hooks.py:22: register(cohorts.parts.OTHER): a hook name outside an extensions module",
    ]
