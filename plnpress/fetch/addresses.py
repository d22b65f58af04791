"""Which IP addresses an outside fetch may connect to.

A URL from the outside world (a Webmention target, a source, an endpoint) can name a host that
resolves to our own machine, our network or a cloud metadata service. `address_refusal` says why an
address must not be fetched, so that the guarded client can refuse it after DNS resolution and
before connecting.

The tables are written out rather than taken from `ipaddress`'s ``is_private`` / ``is_global``,
whose ranges changed between Python patch releases; a security rule should not move under us.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

IPAddress = IPv4Address | IPv6Address

# Named before the ranges that contain them, so the reason says "metadata", not "link-local".
_METADATA: dict[IPAddress, str] = {
    IPv4Address("169.254.169.254"): "cloud metadata service (AWS, GCP, Azure, OpenStack)",
    IPv4Address("169.254.170.2"): "cloud metadata service (AWS ECS task credentials)",
    IPv4Address("100.100.100.200"): "cloud metadata service (Alibaba Cloud)",
    IPv6Address("fd00:ec2::254"): "cloud metadata service (AWS, IPv6)",
}

_V4_REFUSED: tuple[tuple[IPv4Network, str], ...] = tuple(
    (IPv4Network(net), label)
    for net, label in (
        ("0.0.0.0/8", "unspecified / 'this network' address"),
        ("10.0.0.0/8", "private address"),
        ("100.64.0.0/10", "carrier-grade NAT (shared) address"),
        ("127.0.0.0/8", "loopback address"),
        ("169.254.0.0/16", "link-local address"),
        ("172.16.0.0/12", "private address"),
        ("192.0.0.0/24", "IETF protocol assignment"),
        ("192.0.2.0/24", "documentation address (TEST-NET-1)"),
        ("192.88.99.0/24", "6to4 relay anycast address"),
        ("192.168.0.0/16", "private address"),
        ("198.18.0.0/15", "benchmarking address"),
        ("198.51.100.0/24", "documentation address (TEST-NET-2)"),
        ("203.0.113.0/24", "documentation address (TEST-NET-3)"),
        ("224.0.0.0/4", "multicast address"),
        ("255.255.255.255/32", "broadcast address"),
        ("240.0.0.0/4", "reserved address"),
    )
)

_V6_REFUSED: tuple[tuple[IPv6Network, str], ...] = tuple(
    (IPv6Network(net), label)
    for net, label in (
        ("::/128", "unspecified address"),
        ("::1/128", "loopback address"),
        ("100::/64", "discard-only address"),
        ("2001:db8::/32", "documentation address"),
        ("3fff::/20", "documentation address"),
        ("5f00::/16", "segment routing (SRv6) address"),
        ("fc00::/7", "unique local (private) address"),
        ("fe80::/10", "link-local address"),
        ("fec0::/10", "site-local address"),
        ("ff00::/8", "multicast address"),
    )
)

_MAPPED = IPv6Network("::ffff:0:0/96")
_COMPATIBLE = IPv6Network("::/96")
_NAT64_WELL_KNOWN = IPv6Network("64:ff9b::/96")
_NAT64_LOCAL = IPv6Network("64:ff9b:1::/48")
_SIX_TO_FOUR = IPv6Network("2002::/16")
_TEREDO = IPv6Network("2001::/32")
_IETF_V6 = IPv6Network("2001::/23")
_GLOBAL_UNICAST = IPv6Network("2000::/3")


def address_refusal(address: str | IPAddress) -> str | None:
    """Say why `address` must not be fetched, or return None if it is a public unicast address.

    The reason reads as a phrase, e.g. ``"loopback address in 127.0.0.0/8"``. Strings that are not
    IP addresses are refused too, since a caller that passes one has lost track of what it checks.
    """
    if isinstance(address, str):
        try:
            address = ip_address(address)
        except ValueError:
            return f"{address!r} is not an IP address"
    if isinstance(address, IPv6Address) and address.scope_id:
        # A scope id ("fe80::1%eth0") does not change which range an address is in.
        address = IPv6Address(address.packed)
    if address in _METADATA:
        return _METADATA[address]
    if isinstance(address, IPv4Address):
        return _v4_refusal(address)
    return _v6_refusal(address)


def _v4_refusal(address: IPv4Address) -> str | None:
    for network, label in _V4_REFUSED:
        if address in network:
            return f"{label} in {network}"
    return None


def _v6_refusal(address: IPv6Address) -> str | None:
    for network, label in _V6_REFUSED:
        if address in network:
            return f"{label} in {network}"
    # These embed an IPv4 address that the socket layer or a translator would actually reach.
    if address in _MAPPED:
        return f"IPv4-mapped address (of {_low32(address)}) in {_MAPPED}"
    if address in _COMPATIBLE:
        return f"deprecated IPv4-compatible address (of {_low32(address)}) in {_COMPATIBLE}"
    if address in _NAT64_WELL_KNOWN:
        return _embedded_refusal("NAT64", _NAT64_WELL_KNOWN, (_low32(address),))
    if address in _NAT64_LOCAL:
        # RFC 8215 lets the operator choose the prefix length, so the IPv4 address may sit at any
        # RFC 6052 position from /48 on; refuse if any reading of it is refused.
        candidates = tuple(_rfc6052_embedded(address, length) for length in (48, 56, 64, 96))
        return _embedded_refusal("local-use NAT64", _NAT64_LOCAL, candidates)
    if address in _SIX_TO_FOUR:
        embedded = IPv4Address((int(address) >> 80) & 0xFFFFFFFF)
        return _embedded_refusal("6to4", _SIX_TO_FOUR, (embedded,))
    if address in _TEREDO:
        return f"Teredo tunnel address in {_TEREDO}"
    if address in _IETF_V6:
        return f"IETF protocol assignment in {_IETF_V6}"
    if address not in _GLOBAL_UNICAST:
        return f"address outside the global unicast range {_GLOBAL_UNICAST}"
    return None


def _low32(address: IPv6Address) -> IPv4Address:
    """The IPv4 address in the low 32 bits (the /96 layout)."""
    return IPv4Address(int(address) & 0xFFFFFFFF)


def _rfc6052_embedded(address: IPv6Address, prefix_length: int) -> IPv4Address:
    """The IPv4 address embedded after a prefix of `prefix_length` bits (RFC 6052 §2.2)."""
    if prefix_length == 96:
        return _low32(address)
    octets = address.packed
    start = prefix_length // 8
    # Bits 64..71 (octet 8, the "u" octet) never carry address bits.
    usable = [octets[i] for i in range(start, 16) if i != 8]
    return IPv4Address(bytes(usable[:4]))


def _embedded_refusal(
    kind: str, network: IPv6Network, candidates: tuple[IPv4Address, ...]
) -> str | None:
    for embedded in candidates:
        reason = _METADATA.get(embedded) or _v4_refusal(embedded)
        if reason is not None:
            return f"{kind} address in {network} embedding {embedded} ({reason})"
    return None
