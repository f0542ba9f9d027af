import sqlite3

import pytest

from origin_llm.prompt import Exchange
from origin_llm.store import MIGRATIONS, SchemaError, SqliteConversationStore
from voice.wire import ScanVerdict, Turn


def turn(turn_id: str, text: str = "hello", conversation: str = "c1", action: str = "allow") -> Turn:
    return Turn(conversation, turn_id, text, ScanVerdict(action, 0.1, ["r"]), {"machine_ms": 12.0})


@pytest.fixture
async def store(tmp_path):
    s = await SqliteConversationStore.open(tmp_path / "nested" / "origin.sqlite3")
    yield s
    await s.close()


async def test_schema_is_created_and_versioned(store):
    db = sqlite3.connect(store.path)
    assert db.execute("SELECT version FROM schema_version").fetchall() == [(len(MIGRATIONS),)]
    assert {"conversations", "turns"} <= {r[0] for r in db.execute("SELECT name FROM sqlite_master")}


async def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "origin.sqlite3"
    s = await SqliteConversationStore.open(path)
    await s.close()
    sqlite3.connect(path, isolation_level=None).execute("UPDATE schema_version SET version = 99")
    with pytest.raises(SchemaError, match="99"):
        await SqliteConversationStore.open(path)


async def test_conversation_lifecycle(store):
    assert not await store.is_open("e1", "c1")
    assert await store.open_conversation("e1", "c1") == "opened"
    assert await store.is_open("e1", "c1") and not await store.is_open("e2", "c1")
    assert await store.open_conversation("e1", "c1") == "resumed"
    assert await store.end_conversation("e1", "c1") is True
    assert await store.open_conversation("e1", "c1") == "ended"
    assert not await store.is_open("e1", "c1")
    assert await store.end_conversation("e1", "nope") is False


async def test_claims(store):
    assert (await store.claim_turn("e1", turn("t1"))).outcome == "unknown_conversation"
    await store.open_conversation("e1", "c1")
    assert (await store.claim_turn("e1", turn("t1"))).outcome == "generate"
    stored = await store.get_turn("e1", "t1")
    assert (stored.status, stored.scan, stored.edge_ledger) == ("pending", {"action": "allow", "score": 0.1,
                                                                            "reasons": ["r"]}, {"machine_ms": 12.0})
    await store.finish_turn("e1", "t1", "answered", "Hi there.", {"backend": "x", "received_s": 1.0}, None)
    claim = await store.claim_turn("e1", turn("t1"))
    assert claim.outcome == "replay" and claim.stored.reply == "Hi there."
    assert (await store.claim_turn("e1", turn("t1", text="other words"))).outcome == "conflict"
    assert (await store.claim_turn("e1", turn("t1", conversation="c2"))).outcome == "conflict"
    await store.end_conversation("e1", "c1")
    assert (await store.claim_turn("e1", turn("t2"))).outcome == "conversation_ended"


async def test_failed_turns_may_be_generated_again(store):
    await store.open_conversation("e1", "c1")
    await store.claim_turn("e1", turn("t1"))
    await store.finish_turn("e1", "t1", "failed", "", None, "backend_error: boom")
    assert (await store.claim_turn("e1", turn("t1"))).outcome == "generate"
    again = await store.get_turn("e1", "t1")
    assert (again.status, again.error, again.attempts) == ("pending", None, 2)


async def test_edges_are_isolated(store):
    await store.open_conversation("e1", "c1")
    await store.claim_turn("e1", turn("t1"))
    await store.finish_turn("e1", "t1", "answered", "secret reply", {"backend": "x", "received_s": 1.0}, None)
    assert (await store.claim_turn("e2", turn("t1"))).outcome == "unknown_conversation"
    assert await store.get_turn("e2", "t1") is None
    assert await store.history("e2", "c1", "t9") == []


async def test_history_is_ordered_and_skips_unanswered_turns(store):
    await store.open_conversation("e1", "c1")
    await store.open_conversation("e1", "c2")
    for i, status in enumerate(["answered", "failed", "interrupted", "answered"]):
        await store.claim_turn("e1", turn(f"t{i}", f"q{i}"))
        await store.finish_turn("e1", f"t{i}", status, f"a{i}" if status != "failed" else "", None, None)
    await store.claim_turn("e1", turn("x", "other conversation", conversation="c2"))
    await store.finish_turn("e1", "x", "answered", "elsewhere", None, None)
    await store.claim_turn("e1", turn("t4", "q4"))
    assert await store.history("e1", "c1", "t4") == [Exchange("q0", "a0"), Exchange("q2", "a2"),
                                                     Exchange("q3", "a3")]
    assert await store.history("e1", "c1", "t2") == [Exchange("q0", "a0")]


async def test_turns_survive_a_restart_and_stale_pending_turns_become_failed(tmp_path):
    path = tmp_path / "origin.sqlite3"
    s = await SqliteConversationStore.open(path)
    await s.open_conversation("e1", "c1")
    await s.claim_turn("e1", turn("done"))
    await s.finish_turn("e1", "done", "answered", "kept", {"backend": "x", "received_s": 1.0}, None)
    await s.claim_turn("e1", turn("inflight"))
    await s.close()
    s = await SqliteConversationStore.open(path)
    try:
        assert (await s.get_turn("e1", "done")).reply == "kept"
        stale = await s.get_turn("e1", "inflight")
        assert stale.status == "failed" and "stopped" in stale.error
        assert await s.open_conversation("e1", "c1") == "resumed"
    finally:
        await s.close()
