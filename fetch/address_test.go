package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"testing"
)

func TestForbidden(t *testing.T) {
	for _, c := range []struct {
		addr string
		want string // a part of the reason; "" when allowed
	}{
		{"127.0.0.1", "loopback"},
		{"127.255.255.254", "loopback"},
		{"10.0.0.1", "private"},
		{"10.255.255.255", "private"},
		{"172.16.0.1", "private"},
		{"172.31.255.255", "private"},
		{"192.168.1.1", "private"},
		{"169.254.0.1", "link-local"},
		{"169.254.169.254", "cloud metadata"},
		{"100.64.0.1", "carrier-grade NAT"},
		{"100.127.255.255", "carrier-grade NAT"},
		{"0.0.0.0", "unspecified"},
		{"0.1.2.3", "this network"},
		{"224.0.0.1", "multicast"},
		{"239.255.255.250", "multicast"},
		{"255.255.255.255", "broadcast"},
		{"240.0.0.1", "reserved"},
		{"192.0.0.170", "reserved"},
		{"192.0.2.1", "documentation"},
		{"198.18.0.1", "benchmarking"},
		{"::", "unspecified"},
		{"::1", "loopback"},
		{"fe80::1", "link-local"},
		{"fe80::1%eth0", "link-local"},
		{"febf::1", "link-local"},
		{"fc00::1", "private"},
		{"fd12:3456::1", "private"},
		{"fec0::1", "site-local"},
		{"ff02::1", "multicast"},
		{"::ffff:10.0.0.1", "private"},
		{"::ffff:127.0.0.1", "loopback"},
		{"::ffff:169.254.169.254", "cloud metadata"},
		{"64:ff9b::a00:1", "the NAT64 form of 10.0.0.1, a private address"},
		{"64:ff9b::7f00:1", "the NAT64 form of 127.0.0.1, a loopback"},
		{"64:ff9b:1::1", "local-use NAT64"},
		{"2002:7f00:1::", "the 6to4 form of 127.0.0.1"},
		{"2002:a9fe:a9fe::1", "the 6to4 form of 169.254.169.254"},
		{"::127.0.0.1", "reserved"}, // IPv4-compatible, deprecated
		{"::ffff:0:7f00:1", "reserved"},
		{"100::1", "reserved"},
		{"2001::1", "reserved"}, // Teredo
		{"2001:db8::1", "documentation"},
		{"4000::1", "reserved"},

		{"93.184.216.34", ""},
		{"1.1.1.1", ""},
		{"172.32.0.1", ""},
		{"100.128.0.1", ""},
		{"169.253.255.255", ""},
		{"::ffff:93.184.216.34", ""},
		{"64:ff9b::5db8:d822", ""},
		{"2002:5db8:d822::1", ""},
		{"2606:4700:4700::1111", ""},
		{"2a00:1450:4001:80b::200e", ""},
	} {
		t.Run(c.addr, func(t *testing.T) {
			got := forbidden(netip.MustParseAddr(c.addr))
			switch {
			case c.want == "" && got != "":
				t.Errorf("forbidden(%s) = %q, want allowed", c.addr, got)
			case c.want != "" && !strings.Contains(got, c.want):
				t.Errorf("forbidden(%s) = %q, want it to say %q", c.addr, got, c.want)
			}
		})
	}
}

func TestParseIPv4(t *testing.T) {
	for _, c := range []struct {
		host string
		want string // "" when host is not an IPv4 address
	}{
		{"127.0.0.1", "127.0.0.1"},
		{"127.0.0.1.", "127.0.0.1"},
		{"2130706433", "127.0.0.1"},
		{"0x7f000001", "127.0.0.1"},
		{"0x7f.1", "127.0.0.1"},
		{"0X7F.0.0.1", "127.0.0.1"},
		{"0177.0.0.1", "127.0.0.1"},
		{"017700000001", "127.0.0.1"},
		{"127.1", "127.0.0.1"},
		{"10.0x10.1", "10.16.0.1"},
		{"169.254.43518", "169.254.169.254"},
		{"0", "0.0.0.0"},
		{"0x", "0.0.0.0"},
		{"4294967295", "255.255.255.255"},

		{"4294967296", ""},
		{"256.0.0.1", ""},
		{"1.2.3.256", ""},
		{"1.16777216", ""},
		{"1.2.3.4.5", ""},
		{"08.0.0.1", ""}, // 8 is not an octal digit
		{"0x1g", ""},
		{"+1.2.3.4", ""},
		{"1..2", ""},
		{"", ""},
		{".", ""},
		{"example.com", ""},
		{"1.2.3.com", ""},
	} {
		got, ok := parseIPv4(c.host)
		switch {
		case c.want == "" && ok:
			t.Errorf("parseIPv4(%q) = %s, want not an address", c.host, got)
		case c.want != "" && (!ok || got.String() != c.want):
			t.Errorf("parseIPv4(%q) = %s, %v; want %s", c.host, got, ok, c.want)
		}
	}
}

// TestRefusesLoopbackInAnyForm asks a Fetcher with default options for a
// loopback server written every way a host can name it: each is refused
// as a forbidden address and no request reaches the server.
func TestRefusesLoopbackInAnyForm(t *testing.T) {
	s := serve(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "reached") })
	f := New(Options{})
	f.lookup = fakeDNS(map[string][]string{
		"localhost":          {"127.0.0.1", "::1"},
		"rebind.test":        {"93.184.216.34", "127.0.0.1"},
		"mapped.test":        {"::ffff:127.0.0.1"},
		"metadata.test":      {"169.254.169.254"},
		"public-looking.com": {"10.1.2.3"},
	})
	port := s.port()
	for _, c := range []struct{ url, says string }{
		{"http://127.0.0.1:%s/", "127.0.0.1 is a loopback address"},
		{"http://127.1:%s/", "127.1 is 127.0.0.1, a loopback address"},
		{"http://2130706433:%s/", "2130706433 is 127.0.0.1"},
		{"http://0x7f.1:%s/", "0x7f.1 is 127.0.0.1"},
		{"http://0177.0.0.1:%s/", "0177.0.0.1 is 127.0.0.1"},
		{"http://0x7f000001:%s/?token=secret", "127.0.0.1"},
		{"http://127.0.0.1.:%s/", "127.0.0.1"},
		{"http://[::ffff:127.0.0.1]:%s/", "::ffff:127.0.0.1 is 127.0.0.1"},
		{"http://[::ffff:7f00:1]:%s/", "127.0.0.1"},
		{"http://[::1]:%s/", "::1 is a loopback address"},
		{"http://0.0.0.0:%s/", "unspecified"},
		{"http://0:%s/", "0 is 0.0.0.0, an unspecified address"},
		{"http://localhost:%s/", "localhost is 127.0.0.1, a loopback address"},
		{"http://LOCALHOST:%s/", "loopback"},
		{"http://rebind.test:%s/", "rebind.test is 127.0.0.1"},
		{"http://mapped.test:%s/", "mapped.test is 127.0.0.1"},
		{"http://metadata.test:%s/latest/meta-data/", "cloud metadata"},
		{"http://public-looking.com:%s/", "10.1.2.3, a private address"},
		{"http://[fe80::1%%25lo]:%s/", "link-local"},
		{"https://127.0.0.1:%s/", "loopback"},
	} {
		u := fmt.Sprintf(c.url, port)
		_, err := f.Get(context.Background(), u)
		if !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("Get(%s) = %v, want ErrForbiddenAddress", u, err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, c.says) || !strings.Contains(msg, "private addresses are not fetched") {
			t.Errorf("Get(%s) error %q, want it to say %q", u, msg, c.says)
		}
	}
	if n := s.hits.Load(); n != 0 {
		t.Errorf("%d requests reached the loopback server", n)
	}
}

// TestControlChecksWhatIsDialled: should dial ever connect by another path
// than resolve, the dialer's own check refuses the address.
func TestControlChecksWhatIsDialled(t *testing.T) {
	f := New(Options{})
	for _, c := range []struct {
		address string
		ok      bool
	}{
		{"127.0.0.1:80", false},
		{"[::ffff:10.0.0.1]:443", false},
		{"[fe80::1%lo]:80", false},
		{"not-an-address:80", false},
		{"93.184.216.34:80", true},
	} {
		err := f.control(context.Background(), "tcp", c.address, nil)
		if (err == nil) != c.ok || (err != nil && !errors.Is(err, ErrForbiddenAddress)) {
			t.Errorf("control(%s) = %v, want ok %v", c.address, err, c.ok)
		}
	}
	if err := New(Options{AllowPrivate: true}).control(context.Background(), "tcp", "127.0.0.1:80", nil); err != nil {
		t.Errorf("with AllowPrivate, control(127.0.0.1:80) = %v", err)
	}
}

// fakeDNS resolves the names in m (lower case) and no other.
func fakeDNS(m map[string][]string) func(context.Context, string) ([]netip.Addr, error) {
	return func(_ context.Context, host string) ([]netip.Addr, error) {
		var out []netip.Addr
		for _, s := range m[strings.ToLower(host)] {
			out = append(out, netip.MustParseAddr(s))
		}
		if out == nil {
			return nil, fmt.Errorf("lookup %s: no such host", host)
		}
		return out, nil
	}
}
