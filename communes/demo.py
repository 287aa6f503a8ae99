"""The demo network loaded by `make run`.

Members are real: the collectivities that public sources name as members of the network
(data/morocco/remacto_member_evidence.csv) or of OGP Local (ogp_local_members.csv), each with
its source. Everything else made up here (news, contacts, logins) is marked as demo.
"""

import csv
import random
from dataclasses import dataclass, field
from datetime import date

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import translation

from communes.models import JOINABLE_LEVELS, Member, MemberPage, NewsIndexPage, NewsPage, Territory
from communes.roles import COORDINATORS
from communes.services import join_network, refresh_planner_statistics
from website.dates import partial_date

DATA_DIR = settings.BASE_DIR / "data" / "morocco"
DEMO_PASSWORD = "demo-remacto-2026"
# Members that get demo content: a region, a province-level council and two communes.
DEMO_CONTENT_CODES = ("09", "09.001.01.01", "01.571.01.11")


@dataclass
class DemoReport:
    members: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)


def _evidence() -> dict[str, dict]:
    """One entry per collectivity named by a source: earliest date, every source address."""
    found: dict[str, dict] = {}
    with (DATA_DIR / "remacto_member_evidence.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            entry = found.setdefault(row["hcp_code"], {"notes": [], "urls": [], "date": None})
            entry["notes"].append(f"REMACTO: {row['evidence']}")
            entry["urls"] += row["source_urls"].split()
            entry["date"] = _earliest(entry["date"], row["evidence_date"])
    with (DATA_DIR / "ogp_local_members.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            entry = found.setdefault(row["hcp_code"], {"notes": [], "urls": [], "date": None})
            note = f"OGP Local: {row['joined_as_stated'] or 'member'}; {row['action_plans']}".strip("; ")
            entry["notes"].append(note)
            entry["urls"] += row["source_urls"].split()
    return found


def _earliest(current: date | None, text: str) -> date | None:
    found = partial_date(text)
    if found is None:
        return current
    return found if current is None or found < current else current


def load_demo_network() -> DemoReport:
    report = DemoReport()
    for code, entry in sorted(_evidence().items()):
        member = join_network(
            code, joined_on=entry["date"], source_note="\n".join(entry["notes"]),
            source_urls=" ".join(dict.fromkeys(entry["urls"])),
        )
        report.members += 1
        if not member.source_note:  # joined earlier without its sources
            Member.objects.filter(pk=member.pk).update(
                source_note="\n".join(entry["notes"]), source_urls=" ".join(dict.fromkeys(entry["urls"]))
            )
    for code in DEMO_CONTENT_CODES:
        _demo_content(Member.objects.get(territory__code=code))
    report.logins = _demo_logins()
    return report


DEMO_NEWS = {
    "ar": ("لقاء إخباري حول برنامج الانفتاح",
           "محتوى تجريبي: تدعو الجماعة الساكنة والجمعيات إلى لقاء إخباري لتقديم مراحل إعداد برنامج الانفتاح."),
    "fr": ("Séance d'information sur le programme d'ouverture",
           ("Contenu de démonstration : la collectivité invite habitants et associations à une séance "
            "d'information sur les étapes du programme d'ouverture.")),
    "zgh": ("ⴰⵎⵢⴰⵡⴰⴹ ⵅⴼ ⵓⵖⴰⵡⴰⵙ ⵏ ⵓⵕⵥⵥⵉⵎ", "Demo ⵜⴰⵙⴽⴰⵏⵜ."),
    "en": ("Information session on the openness programme",
           ("Demo content: the collectivity invites residents and associations to an information session "
            "on the steps of its openness programme.")),
}


@transaction.atomic
def _demo_content(member: Member) -> None:
    """A demo news item in every language and a demo contact address."""
    if not member.contact_email:
        member.contact_email = f"ouverture.{member.territory.slug}@example.org"
        member.save(update_fields=["contact_email"])
    if NewsPage.objects.filter(member=member, is_demo=True).exists():
        return
    key = None
    member_pages = MemberPage.objects.filter(member=member).select_related("locale")
    indexes = [NewsIndexPage.objects.child_of(page).select_related("locale").get() for page in member_pages]
    for index in indexes:
        language = index.locale.language_code
        title, intro = DEMO_NEWS[language]
        with translation.override(language):
            news = NewsPage(title=title, slug="demo-information-session", introduction=intro,
                            locale=index.locale, is_demo=True, member=member, date=date(2026, 10, 15))
            if key:
                news.translation_key = key
            index.add_child(instance=news)
            key = news.translation_key


def _demo_logins() -> list[tuple[str, str, str]]:
    User = get_user_model()
    logins = []
    specs = [
        ("Network coordinator (DGCT)", "coordinator@example.org", Group.objects.get(name=COORDINATORS)),
        ("Staff of Agadir (commune)", "staff.agadir@example.org",
         Member.objects.get(territory__code="09.001.01.01").staff_group),
        ("Staff of Souss-Massa (region)", "staff.souss-massa@example.org",
         Member.objects.get(territory__code="09").staff_group),
        ("Resident", "resident@example.org", None),
    ]
    for role, email, group in specs:
        user, created = User.objects.get_or_create(email=email, defaults={"is_demo": True, "display_name": role})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if group:
            user.groups.add(group)
        logins.append((role, email, DEMO_PASSWORD))
    return logins


def seed_random_members(count: int, *, seed: int = 2024) -> int:
    """Join `count` collectivities at random (demo members), for scale work."""
    candidates = list(
        Territory.objects.filter(level__in=JOINABLE_LEVELS, membership__isnull=True)
        .order_by("code").values_list("code", flat=True)
    )
    chosen = random.Random(seed).sample(candidates, min(count, len(candidates)))
    for code in chosen:
        join_network(code, is_demo=True)
    refresh_planner_statistics()
    return len(chosen)
