"""`edgevoice probe` as a user runs it: a subprocess, real files, a real edge or none."""

import asyncio
import socket
import sys

from tests.conftest import FIXTURES, SPEECH


async def probe(*args: str, timeout: float = 60) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "voice.cli", "probe", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), timeout)
    return proc.returncode, out.decode(), err.decode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_probe_prints_transcript_and_stage_times(edge):
    code, out, err = await probe("--wav", str(SPEECH / "LJ001-0008.wav"), "--url", edge.url, "--tail", "1")
    assert code == 0, err
    assert "transcript.final" in out and "surpassed" in out.lower()
    for stage in ("endpoint_wait", "asr_final", "machine stages total"):
        assert stage in out


async def test_unreadable_wav_is_refused_clearly():
    for path in (FIXTURES / "not_audio.wav", FIXTURES / "no_such_file.wav"):
        code, out, err = await probe("--wav", str(path))
        assert code == 2
        assert str(path) in err and "Traceback" not in err


async def test_dead_url_fails_fast_with_a_message():
    code, out, err = await probe("--wav", str(SPEECH / "LJ001-0008.wav"), "--url", f"http://127.0.0.1:{free_port()}",
                                 timeout=30)
    assert code == 1
    assert "cannot reach the edge" in err and "Traceback" not in err


async def test_silent_file_exits_nonzero_with_reason(edge):
    code, out, err = await probe("--wav", str(FIXTURES / "silence_3s.wav"), "--url", edge.url, "--tail", "0.5")
    assert code == 1 and "no final transcript" in err


async def test_missing_arguments_are_usage_errors():
    code, out, err = await probe()
    assert code == 2 and "--wav" in err
