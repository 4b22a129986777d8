package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
)

// Resolver turns a host name into addresses. *net.Resolver is one; tests
// pass a stub so that no name is looked up on the network.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Dialer opens a connection to an address the guard has allowed. *net.Dialer
// is one; tests pass a stub that records what would have been dialled.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

var (
	_ Resolver = (*net.Resolver)(nil)
	_ Dialer   = (*net.Dialer)(nil)
)

// ErrBlockedAddress is returned (wrapped in a *BlockedError) when a URL's
// host resolves to an address the guard refuses.
var ErrBlockedAddress = errors.New("address not allowed")

// BlockedError names the host and the refused address, and why it was
// refused.
type BlockedError struct {
	Host   string
	Addr   netip.Addr
	Reason string // "loopback", "private", "link-local", "metadata", …
}

func (e *BlockedError) Error() string {
	const allow = "(set NEWSBOT_FETCH_ALLOW_PRIVATE=true to allow it)"
	if a, err := netip.ParseAddr(e.Host); err == nil && a.Unmap() == e.Addr {
		return fmt.Sprintf("%s is a %s address %s", e.Host, e.Reason, allow)
	}
	return fmt.Sprintf("%s resolves to %s, a %s address %s", e.Host, e.Addr, e.Reason, allow)
}

func (e *BlockedError) Unwrap() error { return ErrBlockedAddress }

// blockedPrefixes are ranges refused beyond what netip.Addr's own
// predicates (loopback, private, link-local, multicast, unspecified) cover.
var blockedPrefixes = []struct {
	p      netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("169.254.169.254/32"), "metadata"}, // AWS, GCP, Azure, OpenStack
	{netip.MustParsePrefix("100.100.100.200/32"), "metadata"}, // Alibaba Cloud
	{netip.MustParsePrefix("fd00:ec2::254/128"), "metadata"},  // AWS over IPv6
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified"},
	{netip.MustParsePrefix("100.64.0.0/10"), "shared (carrier-grade NAT)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
	{netip.MustParsePrefix("64:ff9b::/96"), "NAT64"}, // may reach an IPv4 private address
	{netip.MustParsePrefix("2002::/16"), "6to4"},     // embeds an IPv4 address
}

// Blocked reports whether a is an address the guard refuses by default, and
// why: loopback, private (RFC 1918, unique local), link-local, cloud
// metadata, unspecified, multicast and a few special ranges. IPv4-mapped
// IPv6 addresses are judged as the IPv4 address they carry.
func Blocked(a netip.Addr) (reason string, blocked bool) {
	a = a.Unmap()
	for _, b := range blockedPrefixes { // metadata first: it is also link-local
		if b.p.Contains(a) {
			return b.reason, true
		}
	}
	switch {
	case !a.IsValid():
		return "invalid", true
	case a.IsLoopback():
		return "loopback", true
	case a.IsPrivate():
		return "private", true
	case a.IsLinkLocalUnicast(), a.IsLinkLocalMulticast():
		return "link-local", true
	case a.IsUnspecified():
		return "unspecified", true
	case a.IsMulticast(), a.IsInterfaceLocalMulticast():
		return "multicast", true
	case a == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return "broadcast", true
	}
	return "", false
}

// guardedDial resolves the host itself, refuses blocked addresses unless
// allowPrivate, and dials the first allowed address by IP, so that the
// address checked is the address connected to (no second lookup that
// could answer differently). Every connection goes through it, redirects
// included.
func guardedDial(r Resolver, d Dialer, allowPrivate bool) func(ctx context.Context, network, address string) (net.Conn, error) {
	return func(ctx context.Context, network, address string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(address)
		if err != nil {
			return nil, fmt.Errorf("dial %s: %w", address, err)
		}
		if _, err := strconv.Atoi(port); err != nil {
			return nil, fmt.Errorf("dial %s: bad port", address)
		}
		var addrs []netip.Addr
		if a, err := netip.ParseAddr(host); err == nil {
			addrs = []netip.Addr{a}
		} else {
			addrs, err = r.LookupNetIP(ctx, "ip", host)
			if err != nil {
				return nil, fmt.Errorf("look up %s: %w", host, err)
			}
			if len(addrs) == 0 {
				return nil, fmt.Errorf("look up %s: no addresses", host)
			}
		}
		if !allowPrivate {
			// One refused address refuses the host: a name that answers
			// both a public and a private address is a rebinding trick.
			for _, a := range addrs {
				if reason, bad := Blocked(a); bad {
					return nil, &BlockedError{Host: host, Addr: a.Unmap(), Reason: reason}
				}
			}
		}
		var errs []error
		for _, a := range addrs {
			c, err := d.DialContext(ctx, network, net.JoinHostPort(a.Unmap().String(), port))
			if err == nil {
				return c, nil
			}
			errs = append(errs, err)
		}
		return nil, errors.Join(errs...)
	}
}
