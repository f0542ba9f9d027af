"""`edgevoice probe` as a user runs it: a subprocess, real files, a real edge or none."""

import asyncio
import json
import socket
import sys
import time

from tests.conftest import FIXTURES, SPEECH


async def probe(*args: str, timeout: float = 120) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "voice.cli", "probe", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), timeout)
    return proc.returncode, out.decode(), err.decode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_probe_prints_events_transcript_and_stage_table(edge):
    code, out, err = await probe("--wav", str(SPEECH / "LJ001-0008.wav"), "--url", edge.url, "--tail", "1")
    assert code == 0, err
    assert "transcript.final" in out and "surpassed" in out.lower()
    for stage in ("uplink", "endpoint_wait", "asr_final", "scan", "machine total", "speech end -> final"):
        assert stage in out


async def test_sweep_writes_report_and_plot(edge, tmp_path):
    report, plot = tmp_path / "r.json", tmp_path / "r.png"
    code, out, err = await probe("--wav", str(SPEECH / "LJ001-0008.wav"), str(FIXTURES / "question_spoken.wav"),
                                 "--url", edge.url, "--sessions", "1", "2", "--report", str(report),
                                 "--plot", str(plot), "--tail", "0.8")
    assert code == 0, err
    data = json.loads(report.read_text())
    assert [level["sessions"] for level in data["levels"]] == [1, 2]
    two = data["levels"][1]
    assert len({r["session"] for r in two["records"]}) == 2
    assert two["summary"]["stages"]["asr_final"]["n"] >= 4
    assert two["summary"]["eos_to_final_ms"]["p50"] is not None
    assert two["probe_overhead"]["cpu_percent_of_one_core"] is not None
    assert plot.stat().st_size > 10_000 and plot.read_bytes()[:4] == b"\x89PNG"
    assert "session 2 pass 1" in err  # progress lines


async def test_unreadable_wav_is_refused_clearly():
    for path in (FIXTURES / "not_audio.wav", FIXTURES / "no_such_file.wav"):
        code, out, err = await probe("--wav", str(SPEECH / "LJ001-0008.wav"), str(path))
        assert code == 2
        assert str(path) in err and "Traceback" not in err


async def test_dead_url_fails_fast_with_a_message_and_a_partial_report(tmp_path):
    report = tmp_path / "dead.json"
    started = time.monotonic()
    code, out, err = await probe("--wav", str(SPEECH / "LJ001-0008.wav"), "--url", f"http://127.0.0.1:{free_port()}",
                                 "--report", str(report), timeout=30)
    assert code == 1 and time.monotonic() - started < 30
    assert "cannot reach the edge" in err and "Traceback" not in err
    data = json.loads(report.read_text())
    assert data["levels"][0]["errors"] and data["levels"][0]["records"] == []


async def test_a_stack_that_never_answers_times_out(tmp_path):
    async def accept_and_ignore(reader, writer):
        await asyncio.sleep(60)

    server = await asyncio.start_server(accept_and_ignore, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        started = time.monotonic()
        code, out, err = await probe("--wav", str(SPEECH / "LJ001-0008.wav"), "--url", f"http://127.0.0.1:{port}",
                                     "--connect-timeout", "2", timeout=30)
        assert code == 1 and time.monotonic() - started < 20
        assert "cannot reach the edge" in err
    finally:
        server.close()


async def test_silent_file_exits_nonzero_with_reason(edge):
    code, out, err = await probe("--wav", str(FIXTURES / "silence_3s.wav"), "--url", edge.url, "--tail", "0.5")
    assert code == 1 and "no final transcript" in err


async def test_bad_arguments_are_usage_errors(tmp_path):
    bad_budget = tmp_path / "b.json"
    bad_budget.write_text('{"stages": {"speech": 1}}')
    for args in ((), ("--wav", str(SPEECH / "jfk.wav"), "--sessions", "0"),
                 ("--wav", str(SPEECH / "jfk.wav"), "--repeat", "0"),
                 ("--wav", str(SPEECH / "jfk.wav"), "--budget", str(bad_budget))):
        code, out, err = await probe(*args)
        assert code == 2 and "Traceback" not in err, args
