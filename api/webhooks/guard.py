"""The outbound address guard (SSRF): webhook and callback URLs must resolve to public addresses,
unless ``ASSAY_WEBHOOK_ALLOW_PRIVATE`` or a CIDR in ``ASSAY_WEBHOOK_ALLOWED_CIDRS`` permits them.

The host is resolved once, every address is checked, and the request then goes to the checked
address (Host header and TLS SNI keep the name), so a DNS answer cannot change between the check
and the connection."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedDestination(Exception):
    """The URL may not be called (scheme, host, or a non-public address not allowed)."""


@dataclass(frozen=True)
class Target:
    url: str  # the URL with the checked address in place of the host name
    host_header: str
    sni_hostname: str | None


NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))  # RFC 6052, RFC 8215
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated ::a.b.c.d (RFC 4291 2.5.5.1)


def _unmapped(ip: IPAddress) -> IPAddress:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def embedded_ipv4(ip: IPAddress) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address leads to: IPv4-mapped, IPv4-compatible, NAT64 (well-known and
    local-use prefixes), 6to4 (2002::/16) and Teredo (server and client). A translator or relay on the
    path turns a connection to such an address into one to the IPv4 address inside it."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    found: list[ipaddress.IPv4Address] = []
    low32 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip in IPV4_COMPATIBLE and int(ip) > 1:  # not :: or ::1
        found.append(low32)
    if any(ip in net for net in NAT64):
        found.append(low32)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    return found


def redacted(url: str) -> str:
    """A URL for logs: scheme, host and port only (its path and query may carry a token)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "?"
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<malformed URL>"
    literal = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{literal}{port}/..." if parts.path.strip("/") or parts.query else \
        f"{parts.scheme}://{literal}{port}"


def host_allowed(url: str, patterns: str | list[str]) -> bool:
    """Whether the URL's host is one of ``patterns`` (comma-separated in a string): ``example.com``
    matches that host only, ``*.example.com`` any subdomain of it. Case-insensitive; no pattern, no host."""
    items = patterns.split(",") if isinstance(patterns, str) else patterns
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return False
    if not host:
        return False
    for item in (i.strip().rstrip(".").lower() for i in items):
        if not item:
            continue
        if item.startswith("*."):
            if host.endswith(item[1:]) and len(host) > len(item) - 1:
                return True
        elif host == item:
            return True
    return False


class AddressGuard:
    def __init__(self, allow_private: bool = False, allowed_cidrs: str | list[str] = "") -> None:
        self.allow_private = allow_private
        items = allowed_cidrs.split(",") if isinstance(allowed_cidrs, str) else allowed_cidrs
        self.allowed = [ipaddress.ip_network(c.strip(), strict=False) for c in items if c.strip()]

    def check_ip(self, ip: IPAddress) -> None:
        ip = _unmapped(ip)
        if ip.is_unspecified or ip.is_multicast:
            raise RefusedDestination(f"address {ip} is not a valid destination")
        if self.allow_private or any(ip in net for net in self.allowed):
            return
        for inner in embedded_ipv4(ip):  # NAT64, 6to4, Teredo, IPv4-compatible: the IPv4 inside counts
            if inner.is_unspecified or inner.is_multicast or not inner.is_global:
                if any(inner in net for net in self.allowed):
                    continue
                raise RefusedDestination(
                    f"address {ip} leads to {inner}, which is not public; webhooks may only reach public "
                    "addresses unless ASSAY_WEBHOOK_ALLOW_PRIVATE=true or ASSAY_WEBHOOK_ALLOWED_CIDRS includes it")
        if ip.is_global:
            return
        kind = ("loopback" if ip.is_loopback else "link-local" if ip.is_link_local
                else "private" if ip.is_private else "reserved")
        raise RefusedDestination(
            f"address {ip} is {kind}; webhooks may only reach public addresses unless "
            "ASSAY_WEBHOOK_ALLOW_PRIVATE=true or ASSAY_WEBHOOK_ALLOWED_CIDRS includes it")

    @staticmethod
    def parse(url: str) -> tuple[str, str, int]:
        try:
            parts = urlsplit(url)
            parts.hostname  # noqa: B018 - raises on a malformed IPv6 literal
        except ValueError as exc:
            raise RefusedDestination(f"the URL is malformed: {exc}") from None
        if parts.scheme not in ("http", "https"):
            raise RefusedDestination("the URL must start with http:// or https://")
        if not parts.hostname:
            raise RefusedDestination("the URL has no host")
        if parts.username or parts.password:
            raise RefusedDestination("the URL may not carry credentials")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise RefusedDestination("the URL's port is invalid") from None
        return parts.scheme, parts.hostname, port

    def resolve(self, host: str, port: int) -> list[IPAddress]:
        try:
            return [ipaddress.ip_address(host)]
        except ValueError:
            pass
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise RefusedDestination(f"cannot resolve {host!r}: {exc.strerror or exc}") from None
        except (UnicodeError, ValueError) as exc:  # an impossible name (empty or over-long label...)
            raise RefusedDestination(f"{host!r} is not a valid host name: {exc}") from None
        addresses: list[IPAddress] = []
        for info in infos:
            ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
            if ip not in addresses:
                addresses.append(ip)
        if not addresses:
            raise RefusedDestination(f"{host!r} has no address")
        return addresses

    def check_url(self, url: str, *, resolve: bool = True) -> None:
        """At endpoint creation: refuse what can be refused now (a name that does not resolve yet is
        let through and checked again at every delivery)."""
        _, host, port = self.parse(url)
        try:
            addresses = self.resolve(host, port) if resolve else [ipaddress.ip_address(host)]
        except (RefusedDestination, ValueError):
            return
        for ip in addresses:
            self.check_ip(ip)

    def target(self, url: str) -> Target:
        """At delivery: resolve, check every address, and pin the request to the first."""
        scheme, host, port = self.parse(url)
        addresses = self.resolve(host, port)
        for ip in addresses:
            self.check_ip(ip)
        ip = addresses[0]
        parts = urlsplit(url)
        literal = f"[{ip}]" if ip.version == 6 else str(ip)
        netloc = f"{literal}:{parts.port}" if parts.port else literal
        host_header = parts.netloc.rsplit("@", 1)[-1]
        pinned = urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
        is_literal = host.strip("[]") == str(ip)
        return Target(url=pinned, host_header=host_header,
                      sni_hostname=host if scheme == "https" and not is_literal else None)
