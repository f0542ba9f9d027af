import json

import pytest

from voice.events import (MAX_MESSAGE_BYTES, ErrorEvent, EventError, TranscriptFinal, TranscriptPartial,
                          TurnDropped, VadEnd, VadStart, decode_event, encode_event)


@pytest.mark.parametrize("event", [
    VadStart("s-1"), VadEnd("s-1", 1234.5), TranscriptPartial("s-1", "hello"),
    TranscriptFinal("s-1", "hello world", {"stages": []}), TurnDropped("s-1", "no speech recognised"),
    ErrorEvent("bad_message", "nope"),
])
def test_round_trip(event):
    text = encode_event(event)
    assert json.loads(text)["type"] == event.type
    assert decode_event(text) == event


@pytest.mark.parametrize("bad", [
    "", "not json", "[]", "{}", '{"type": "reply.delta"}', '{"type": "vad.start"}',
    '{"type": "vad.end", "turn_id": "x", "speech_ms": "long"}', b"\xff\xfe\x00",
    '{"type": "transcript.final", "turn_id": "x", "text": "t", "ledger": []}',
])
def test_bad_messages_raise_event_error(bad):
    with pytest.raises(EventError):
        decode_event(bad)


def test_oversized_message_refused_before_parsing():
    with pytest.raises(EventError, match="exceeds"):
        decode_event('{"type":"error","code":"x","message":"' + "a" * MAX_MESSAGE_BYTES + '"}')
