"""The programme page hands its draft to its cycle when published (DESIGN §4.4).

Publishing a `ProgrammePage` under the member's programme index sends Wagtail's `page_published`
signal, whose receiver calls `cohorts.services.record_draft`: the cycle's guard for phase two
reads that snapshot, never the page.
"""

import pytest
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cohorts.models import ProgrammeVersion, Stage
from cohorts.services import Refused, move
from openness_programs.models import ProgrammeIndexPage, ProgrammePage
from tests.cycle_helpers import STEPS, walk_to
from tests.helpers import login_to_admin, translated

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
BODY = [("heading", "Open council meetings"), ("heading", "A register of residents' petitions")]


def programme_index(member, language="ar"):
    return ProgrammeIndexPage.objects.child_of(member.page_in(language)).get()


def add_programme(member, cycle, *, language="ar", title="Agadir's openness programme", **fields):
    index = programme_index(member, language)
    page = ProgrammePage(title=title, slug=f"programme-{cycle.number}", cycle=cycle,
                         body=[{"type": t, "value": v} for t, v in BODY], **fields)
    return index.add_child(instance=page)


def drafts(cycle):
    return list(ProgrammeVersion.objects.filter(cycle=cycle, kind=ProgrammeVersion.Kind.DRAFT))


def test_publishing_the_programme_records_the_draft_and_opens_the_way_to_phase_two(
        cycle_a, staff_of_a, coordinator, django_capture_on_commit_callbacks):
    cycle = walk_to(cycle_a, Stage.DRAFTING, coordinator)
    with pytest.raises(Refused, match="needs a published draft"):
        move(cycle, "open_phase_two", staff_of_a, now=STEPS["open_phase_two"])

    page = add_programme(cycle.member, cycle)
    page.save_revision()
    assert drafts(cycle) == []  # a saved draft of the page is not published
    with django_capture_on_commit_callbacks(execute=True):
        revision = page.save_revision()
        revision.publish()

    [draft] = drafts(cycle)
    assert (draft.title, draft.source_page_id, draft.source_revision_id) == (page.title, page.pk, revision.pk)
    assert [(block["type"], block["value"]) for block in draft.body] == BODY
    assert all(block["id"] for block in draft.body)  # comments in phase two attach to block ids

    move(cycle, "open_phase_two", staff_of_a, now=STEPS["open_phase_two"])
    cycle.refresh_from_db()
    assert cycle.stage == Stage.PHASE_TWO

    # Publishing again during the consultation changes no snapshot.
    page.title = "Edited during the consultation"
    page.save_revision().publish()
    assert len(drafts(cycle)) == 1


def test_a_programme_published_during_phase_one_is_the_draft(cycle_a, coordinator):
    cycle = walk_to(cycle_a, Stage.PHASE_ONE, coordinator)
    add_programme(cycle.member, cycle).save_revision().publish()
    assert len(drafts(cycle)) == 1


def test_a_translation_published_later_is_not_a_new_draft(cycle_a, coordinator):
    cycle = walk_to(cycle_a, Stage.DRAFTING, coordinator)
    source = add_programme(cycle.member, cycle)
    source.save_revision().publish()
    french = source.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.title = "Programme d'ouverture d'Agadir"
    french.save_revision().publish()
    assert [d.source_page_id for d in drafts(cycle)] == [source.pk]


def test_a_page_in_another_members_space_cannot_take_a_cycle(cycle_a, cycle_b, coordinator):
    """Saving and publishing run `clean()`: Tétouan's space holds no page of Agadir's cycle."""
    from django.core.exceptions import ValidationError

    cycle = walk_to(cycle_a, Stage.DRAFTING, coordinator)
    with pytest.raises(ValidationError) as invalid:
        add_programme(cycle_b.member, cycle, title="Not Agadir's")
    assert invalid.value.message_dict == {"cycle": ["Choose a cycle of this member."]}
    page = add_programme(cycle_b.member, cycle_b, title="Tétouan's")
    page.cycle = cycle
    with pytest.raises(ValidationError):
        page.save_revision().publish()
    assert drafts(cycle) == drafts(cycle_b) == []


def test_staff_publish_the_programme_from_the_admin(client, cycle_a, cycle_b, staff_of_a, coordinator):
    cycle = walk_to(cycle_a, Stage.DRAFTING, coordinator)
    login_to_admin(client, staff_of_a)
    index = programme_index(cycle.member)
    url = f"/admin/pages/add/openness_programs/programmepage/{index.pk}/"
    form = {"title": "Programme d'ouverture", "slug": "programme-1", "body": streamfield(BODY),
            "action-publish": "action-publish"}

    # The form offers this member's cycles only.
    response = client.get(url)
    assert list(response.context["form"].fields["cycle"].queryset) == [cycle]
    # Another member's cycle is refused next to its field, and nothing is recorded.
    response = client.post(url, nested_form_data({**form, "cycle": cycle_b.pk}))
    assert response.status_code == 200
    assert response.context["form"].errors["cycle"] == [translated("ar", "Choose a cycle of this member.")]
    assert drafts(cycle) == drafts(cycle_b) == []
    assert not ProgrammePage.objects.exists()

    response = client.post(url, nested_form_data({**form, "cycle": cycle.pk}))
    assert response.status_code == 302
    page = ProgrammePage.objects.get(slug="programme-1")
    assert page.live
    [draft] = drafts(cycle)
    assert (draft.source_page_id, draft.title) == (page.pk, "Programme d'ouverture")

    # Editing offers the same choice: the page's own member's cycles.
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert list(response.context["form"].fields["cycle"].queryset) == [cycle]
