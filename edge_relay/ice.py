"""Loopback ICE candidates, for a browser and an edge on one machine with no other route.

aioice leaves 127.0.0.1 out of the host candidates it gathers. That is right on a real network,
but a headless browser test on a loopback-only box (Chromium started with
`--allow-loopback-in-peer-connection`) then finds no candidate pair. `include_loopback` wraps
aioice's address discovery, process-wide, to add 127.0.0.1; the edge turns it on only when
configured to (`--ice-loopback`).
"""

from __future__ import annotations

import aioice.ice

LOOPBACK = "127.0.0.1"


def include_loopback() -> None:
    original = aioice.ice.get_host_addresses
    if getattr(original, "includes_loopback", False):
        return

    def host_addresses_with_loopback(use_ipv4: bool, use_ipv6: bool) -> list[str]:
        addresses = original(use_ipv4, use_ipv6)
        if use_ipv4 and LOOPBACK not in addresses:
            addresses.append(LOOPBACK)
        return addresses

    host_addresses_with_loopback.includes_loopback = True  # type: ignore[attr-defined]
    aioice.ice.get_host_addresses = host_addresses_with_loopback
