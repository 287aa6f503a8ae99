"""The management commands a coordinator or a newcomer runs."""

import pytest
from django.core.management import CommandError, call_command

from communes.models import Member, MemberPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("codes, reason", [
    (["99.999"], "Unknown code “99.999”"),
    (["06.141.01.00"], "is a prefecture of arrondissements"),
    (["09.001.01.01", "not-a-code"], "Unknown code “not-a-code”"),
])
def test_join_network_refuses_bad_codes_and_joins_nothing(codes, reason):
    with pytest.raises(CommandError) as caught:
        call_command("join_network", *codes)
    assert reason in str(caught.value)
    assert not Member.objects.exists() and not MemberPage.objects.exists()


def test_join_network_joins_each_code_once(capsys):
    call_command("join_network", "09", "09.001.01.01")
    call_command("join_network", "09.001.01.01")
    assert Member.objects.count() == 2
    assert MemberPage.objects.count() == 2 * 4
    assert "Agadir: member since" in capsys.readouterr().out


def test_seed_demo_loads_the_real_members_with_their_sources_and_can_run_twice(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    members = Member.objects.all()
    assert members.count() == 42
    assert not members.filter(source_urls="").exists()
    assert not members.filter(is_demo=True).exists()  # real members, from public sources
    out = capsys.readouterr().out
    assert "coordinator@example.org" in out and "resident@example.org" in out


def test_seed_demo_adds_random_demo_members_for_scale_work():
    call_command("seed_demo", members=5)
    assert Member.objects.filter(is_demo=True).count() == 5
