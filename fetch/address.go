package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"syscall"
)

// Which addresses a fetch may connect to.
//
// A bot that fetches any link it is sent makes requests from inside its
// own network: without a check, "http://169.254.169.254/latest/meta-data/"
// reads the cloud's credentials, "http://127.0.0.1:8081/" reaches a local
// Bot API server, "http://10.0.0.5/admin" an intranet. So every address is
// checked where it is used, when the connection is made:
//
//   - dial resolves the host itself, checks every address it resolves to
//     and connects to a checked address, never to the name, so a name
//     that resolves to a public address when asked once and a private one
//     the next time (DNS rebinding) gains nothing, and a redirect to a
//     private host is checked like the first request;
//   - the dialer's Control checks the address the socket is about to
//     connect to once more, a last line should the transport ever dial
//     by another path;
//   - there is no proxy (a proxy would connect for us, unchecked).
//
// Hosts written as an IPv4 address in the forms inet_aton(3) and browsers
// accept ("2130706433", "0x7f.1", "0177.0.0.1", "127.1") are read as that
// address, as a resolver would, so they are checked as what they are;
// IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) are checked as their IPv4
// address, and NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses as the
// IPv4 address they embed.
//
// What is refused is a deny list for IPv4 and an allow list for IPv6:
// only global unicast (2000::/3) less its special-purpose blocks.

// block is a range of addresses and why it is refused.
type block struct {
	prefix netip.Prefix
	reason string
}

// blocks4 are the IPv4 ranges refused, most specific first (the IANA
// special-purpose address registry, RFC 6890 and successors).
var blocks4 = []block{
	{netip.MustParsePrefix("0.0.0.0/32"), "an unspecified address"},
	{netip.MustParsePrefix("0.0.0.0/8"), `a "this network" address`},
	{netip.MustParsePrefix("10.0.0.0/8"), "a private address"},
	{netip.MustParsePrefix("100.64.0.0/10"), "a shared (carrier-grade NAT) address"},
	{netip.MustParsePrefix("127.0.0.0/8"), "a loopback address"},
	{netip.MustParsePrefix("169.254.169.254/32"), "a link-local address (cloud metadata)"},
	{netip.MustParsePrefix("169.254.0.0/16"), "a link-local address"},
	{netip.MustParsePrefix("172.16.0.0/12"), "a private address"},
	{netip.MustParsePrefix("192.0.0.0/24"), "a reserved address"}, // IETF protocol assignments
	{netip.MustParsePrefix("192.0.2.0/24"), "a documentation address"},
	{netip.MustParsePrefix("192.88.99.0/24"), "a reserved address"}, // 6to4 relay anycast
	{netip.MustParsePrefix("192.168.0.0/16"), "a private address"},
	{netip.MustParsePrefix("198.18.0.0/15"), "a benchmarking address"},
	{netip.MustParsePrefix("198.51.100.0/24"), "a documentation address"},
	{netip.MustParsePrefix("203.0.113.0/24"), "a documentation address"},
	{netip.MustParsePrefix("224.0.0.0/4"), "a multicast address"},
	{netip.MustParsePrefix("255.255.255.255/32"), "a broadcast address"},
	{netip.MustParsePrefix("240.0.0.0/4"), "a reserved address"},
}

// blocks6 are the IPv6 ranges refused by name; whatever else lies outside
// global unicast is refused as reserved.
var blocks6 = []block{
	{netip.MustParsePrefix("::/128"), "an unspecified address"},
	{netip.MustParsePrefix("::1/128"), "a loopback address"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "a local-use NAT64 address"},
	{netip.MustParsePrefix("100::/64"), "a reserved address"},  // discard only
	{netip.MustParsePrefix("2001::/23"), "a reserved address"}, // IETF protocol assignments, Teredo
	{netip.MustParsePrefix("2001:db8::/32"), "a documentation address"},
	{netip.MustParsePrefix("3fff::/20"), "a documentation address"},
	{netip.MustParsePrefix("5f00::/16"), "a reserved address"}, // SRv6 SIDs
	{netip.MustParsePrefix("fc00::/7"), "a private (unique local) address"},
	{netip.MustParsePrefix("fe80::/10"), "a link-local address"},
	{netip.MustParsePrefix("fec0::/10"), "a site-local address"},
	{netip.MustParsePrefix("ff00::/8"), "a multicast address"},
}

var (
	nat64   = netip.MustParsePrefix("64:ff9b::/96")
	sixTo4  = netip.MustParsePrefix("2002::/16")
	global6 = netip.MustParsePrefix("2000::/3")
)

// forbidden says why a fetch must not connect to a ("a loopback
// address"), or returns "" when it may.
func forbidden(a netip.Addr) string {
	a = a.WithZone("").Unmap()
	if a.Is4() {
		for _, b := range blocks4 {
			if b.prefix.Contains(a) {
				return b.reason
			}
		}
		return ""
	}
	if !a.Is6() {
		return "not an IP address"
	}
	for _, b := range blocks6 {
		if b.prefix.Contains(a) {
			return b.reason
		}
	}
	b := a.As16()
	switch {
	case nat64.Contains(a):
		return embedded("NAT64", netip.AddrFrom4([4]byte(b[12:16])))
	case sixTo4.Contains(a):
		return embedded("6to4", netip.AddrFrom4([4]byte(b[2:6])))
	case !global6.Contains(a):
		return "a reserved address"
	}
	return ""
}

// embedded checks the IPv4 address v4 that an IPv6 address of the given
// kind stands for.
func embedded(kind string, v4 netip.Addr) string {
	if r := forbidden(v4); r != "" {
		return fmt.Sprintf("the %s form of %s, %s", kind, v4, r)
	}
	return ""
}

// addressError is an ErrForbiddenAddress naming the host and the address
// it is, or resolved to.
type addressError struct {
	host   string     // as in the URL (without brackets); "" when unknown
	addr   netip.Addr // the address refused
	reason string     // from forbidden: "a loopback address"
}

func (e *addressError) Error() string {
	what := e.addr.String() + " is " + e.reason
	if e.host != "" && e.host != e.addr.String() {
		what = e.host + " is " + e.addr.String() + ", " + e.reason
	}
	return "refused: " + what + " (private addresses are not fetched)"
}

func (e *addressError) Unwrap() error { return ErrForbiddenAddress }

// dial connects to addr ("host:port", as the transport asks) by way of
// the addresses host resolves to, all of which must pass f.refuse.
// Refusing a name when any of its addresses is refused, rather than
// trying the others, keeps the answer the same whichever the resolver
// lists first.
func (f *Fetcher) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	addrs, err := f.resolve(ctx, host)
	if err != nil {
		return nil, err
	}
	if f.refuse != nil {
		for _, a := range addrs {
			if r := f.refuse(a); r != "" {
				return nil, &addressError{host: host, addr: a, reason: r}
			}
		}
	}
	var first error
	for _, a := range addrs {
		c, err := f.dialer.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
		if err == nil {
			return c, nil
		}
		if first == nil {
			first = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, first
}

// resolve returns the addresses host stands for: itself when it is an IP
// address in any form, else what f.lookup finds. IPv4 addresses come
// back as such, never mapped into IPv6 (the resolver returns them
// mapped).
func (f *Fetcher) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a.Unmap()}, nil
	}
	if a, ok := parseIPv4(host); ok {
		return []netip.Addr{a}, nil
	}
	addrs, err := f.lookup(ctx, host)
	if err != nil {
		return nil, err
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("lookup %s: no addresses", host)
	}
	out := make([]netip.Addr, len(addrs))
	for i, a := range addrs {
		out[i] = a.Unmap()
	}
	return out, nil
}

// control is the dialer's last check, on the address a socket is about to
// connect to.
func (f *Fetcher) control(_ context.Context, _, address string, _ syscall.RawConn) error {
	if f.refuse == nil {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot read the address dialled, %q", ErrForbiddenAddress, address)
	}
	if r := f.refuse(ap.Addr()); r != "" {
		return &addressError{addr: ap.Addr().Unmap(), reason: r}
	}
	return nil
}

// errNotIPv4 is returned by parseIPv4Part for what is not a number.
var errNotIPv4 = errors.New("not an IPv4 address")

// parseIPv4 reads host as an IPv4 address written the ways inet_aton(3)
// and URL parsers in browsers read one: one to four dot-separated parts,
// each decimal, octal (leading 0) or hexadecimal (leading 0x), the last
// filling the bytes that remain ("127.1" is 127.0.0.1, "2130706433" is
// 127.0.0.1), and an optional trailing dot. It reports false for anything
// else, a host name.
func parseIPv4(host string) (netip.Addr, bool) {
	host = strings.TrimSuffix(host, ".")
	parts := strings.Split(host, ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		n, err := parseIPv4Part(p)
		if err != nil {
			return netip.Addr{}, false
		}
		nums[i] = n
	}
	last := len(nums) - 1
	if nums[last] >= 1<<(8*(4-last)) {
		return netip.Addr{}, false
	}
	v := nums[last]
	for i, n := range nums[:last] {
		if n > 255 {
			return netip.Addr{}, false
		}
		v |= n << (8 * (3 - i))
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true
}

func parseIPv4Part(p string) (uint64, error) {
	base := 10
	switch {
	case p == "":
		return 0, errNotIPv4
	case len(p) >= 2 && (p[:2] == "0x" || p[:2] == "0X"):
		base, p = 16, p[2:]
		if p == "" {
			return 0, nil // "0x" is 0, as browsers read it
		}
	case len(p) >= 2 && p[0] == '0':
		base, p = 8, p[1:]
	}
	if p[0] == '+' || p[0] == '-' {
		return 0, errNotIPv4
	}
	n, err := strconv.ParseUint(p, base, 32)
	if err != nil {
		return 0, errNotIPv4
	}
	return n, nil
}
