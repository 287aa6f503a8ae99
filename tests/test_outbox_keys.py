"""Outbox keys and versions: a key and version are written once; a new version is a new row."""

import pytest

from website.outbox import HANDLERS, Outbox, deliver

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch):
    made: list[dict] = []
    monkeypatch.setitem(HANDLERS, "test.index", made.append)
    return made


def test_the_same_key_and_version_again_is_a_no_op(calls):
    first = Outbox.enqueue("test.index", "page:42", {"page": 42, "revision": 7}, version=7)
    again = Outbox.enqueue("test.index", "page:42", {"page": 42, "revision": 7}, version="7")

    assert again.pk == first.pk
    assert Outbox.objects.filter(key="page:42").count() == 1
    assert deliver(first.pk) is True
    # Done, and still the row of that version: enqueuing it again writes nothing, sends nothing.
    assert Outbox.enqueue("test.index", "page:42", {"page": 42, "revision": 7}, version=7).pk == first.pk
    assert calls == [{"page": 42, "revision": 7}]


def test_a_new_version_of_the_same_key_is_a_new_row(calls):
    first = Outbox.enqueue("test.index", "page:42", {"page": 42, "revision": 7}, version=7)
    deliver(first.pk)
    second = Outbox.enqueue("test.index", "page:42", {"page": 42, "revision": 8}, version=8)
    third = Outbox.enqueue("test.index", "page:42", {"page": 42, "revision": 9}, version=9)  # 8 still pending

    assert len({first.pk, second.pk, third.pk}) == 3
    assert list(Outbox.objects.pending().filter(key="page:42").values_list("version", flat=True)
                .order_by("pk")) == ["8", "9"]
    assert deliver(second.pk) and deliver(third.pk)
    assert calls == [{"page": 42, "revision": revision} for revision in (7, 8, 9)]
    assert str(third) == "test.index page:42 @9"


def test_without_a_version_a_key_is_written_once_ever(calls):
    first = Outbox.enqueue("test.index", "member:7:welcome", {"n": 1})
    deliver(first.pk)
    again = Outbox.enqueue("test.index", "member:7:welcome", {"n": 2})

    assert again.pk == first.pk and again.payload == {"n": 1} and again.version == ""
    # A versioned row of the same key is another row: the key alone is one event, versions are others.
    assert Outbox.enqueue("test.index", "member:7:welcome", {"n": 3}, version=1).pk != first.pk
    assert calls == [{"n": 1}]



def test_a_second_handler_for_a_kind_is_refused(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from website import outbox

    monkeypatch.setattr(outbox, "HANDLERS", {})

    @outbox.handler("test.kind")
    def first(payload: dict) -> None:
        return None

    def second(payload: dict) -> None:
        return None

    with pytest.raises(ImproperlyConfigured, match=r"'test.kind' already has a handler, .*first; .*second needs"):
        outbox.handler("test.kind")(second)
    assert outbox.HANDLERS == {"test.kind": first}


def test_the_same_handler_registered_again_by_a_reimport_is_kept(monkeypatch):
    import importlib

    from website import mail, outbox

    monkeypatch.setattr(outbox, "HANDLERS", {})
    outbox.handler("test.kind")(mail.send_email)
    reloaded = importlib.reload(mail)  # registers its send_email again, a new function of the same name
    outbox.handler("test.kind")(reloaded.send_email)

    assert outbox.HANDLERS == {"test.kind": reloaded.send_email, outbox.EMAIL: reloaded.send_email}
