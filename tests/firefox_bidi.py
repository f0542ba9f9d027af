"""Just enough WebDriver BiDi to drive Debian's Firefox ESR headless from a test.

Firefox speaks WebDriver BiDi itself (`--remote-debugging-port`), so no driver binary and no
browser download is needed; Playwright's Firefox is a patched build we must not use. This client
sends commands over the `websockets` connection the project already depends on and waits for
each command's answer; events are ignored.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import shutil
import socket
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import websockets

FIREFOX = shutil.which("firefox-esr") or shutil.which("firefox")

# A fresh profile: microphone allowed without a prompt, audio may play without a gesture, and ICE
# may use 127.0.0.1 (the only route on a test machine) under its real address.
PREFS = {
    "media.navigator.permission.disabled": True,
    "media.autoplay.default": 0,
    "media.autoplay.block-webaudio": False,
    "media.peerconnection.ice.loopback": True,
    "media.peerconnection.ice.obfuscate_host_addresses": False,
    "browser.shell.checkDefaultBrowser": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "app.update.disabledForTesting": True,
    # A test machine has no sound card, and without an output device Firefox's audio graph never
    # starts (an AudioContext stays "suspended"); cubeb's mock context is a device that plays nothing.
    "media.cubeb.force_mock_context": True,
}


class BidiError(RuntimeError):
    pass


class Firefox:
    """One headless Firefox process and its BiDi session, on one top-level browsing context."""

    def __init__(self, process: subprocess.Popen, socket_: Any) -> None:
        self.process = process
        self._ws = socket_
        self._ids = itertools.count(1)
        self.context = ""

    async def send(self, method: str, params: dict | None = None, timeout: float = 30.0) -> dict:
        command_id = next(self._ids)
        await self._ws.send(json.dumps({"id": command_id, "method": method, "params": params or {}}))
        async with asyncio.timeout(timeout):
            while True:
                message = json.loads(await self._ws.recv())
                if message.get("id") != command_id:
                    continue  # an event, or the answer to an earlier command that timed out
                if message.get("type") == "error":
                    raise BidiError(f"{method}: {message.get('error')}: {message.get('message')}")
                return message["result"]

    async def evaluate(self, expression: str) -> Any:
        """The JSON value of `expression` (awaited if it is a promise) in the page."""
        result = await self.send("script.evaluate", {
            "expression": f"(async () => JSON.stringify(await ({expression})))()",
            "target": {"context": self.context}, "awaitPromise": True})
        if result.get("type") == "exception":
            raise BidiError(f"page threw: {result['exceptionDetails'].get('text')}")
        value = result["result"]
        return None if value.get("type") == "undefined" else json.loads(value["value"])

    async def wait_for(self, expression: str, timeout: float = 30.0, interval: float = 0.1) -> Any:
        """Poll until `expression` is truthy in the page; its last value."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            value = await self.evaluate(expression)
            if value or asyncio.get_running_loop().time() > deadline:
                return value
            await asyncio.sleep(interval)

    async def navigate(self, url: str) -> None:
        await self.send("browsingContext.navigate", {"context": self.context, "url": url, "wait": "complete"})

    async def preload(self, function_declaration: str) -> None:
        """Run `function_declaration` in every page before the page's own scripts."""
        await self.send("script.addPreloadScript", {"functionDeclaration": function_declaration})

    async def screenshot(self, path: Path) -> None:
        result = await self.send("browsingContext.captureScreenshot", {"context": self.context})
        path.write_bytes(base64.b64decode(result["data"]))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.asynccontextmanager
async def firefox(profile: Path, startup_timeout: float = 60.0) -> AsyncIterator[Firefox]:
    """Start headless Firefox on a fresh `profile` folder and open a BiDi session."""
    if FIREFOX is None:
        raise FileNotFoundError("firefox-esr is not installed")
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "user.js").write_text("".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n"
                                             for k, v in PREFS.items()))
    port = _free_port()
    process = subprocess.Popen(
        [FIREFOX, "--headless", "--no-remote", "--profile", str(profile), f"--remote-debugging-port={port}",
         "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = asyncio.get_running_loop().time() + startup_timeout
        while True:
            try:
                ws = await websockets.connect(f"ws://127.0.0.1:{port}/session", max_size=64 * 2**20)
                break
            except OSError:
                if process.poll() is not None or asyncio.get_running_loop().time() > deadline:
                    raise RuntimeError(f"Firefox did not open WebDriver BiDi on port {port}") from None
                await asyncio.sleep(0.2)
        async with ws:
            browser = Firefox(process, ws)
            await browser.send("session.new", {"capabilities": {}})
            tree = await browser.send("browsingContext.getTree", {})
            browser.context = tree["contexts"][0]["context"]
            try:
                yield browser
            finally:
                with contextlib.suppress(Exception):
                    await browser.send("session.end", {}, timeout=5.0)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
