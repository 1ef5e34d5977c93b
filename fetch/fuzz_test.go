package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// FuzzGet: whatever URL a user sends, and wherever a server redirects it,
// Get does not panic; it returns an error or a page of at most MaxBytes;
// no request reaches an address the check refuses; and its errors show
// neither the query nor the password of the URL or of a redirect.
//
// Two servers stand in for the world: "public" on 127.0.0.1, which one
// Fetcher may reach (open) and another may not (strict, the default
// check with public addresses refused too, so that nothing leaves the
// machine), and "private" on 127.0.0.2, which neither may reach. In the
// inputs, {public} and {private} stand for the servers' host:port,
// {pport} and {qport} for their ports; news.test resolves to 127.0.0.1
// and intranet.test to 127.0.0.2. The public server redirects /to to
// the second input, as written, so the fuzzer chooses where redirects go
// (it is not taken from the request, so that no part of a URL comes back
// in a Location and out in an error as if the fetcher had leaked it).
func FuzzGet(f *testing.F) {
	const limit = 4096
	var strictHits atomic.Int64
	var location atomic.Value // where /to redirects, for the input being run
	location.Store("/")
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	public := serve(f, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("User-Agent") == "strict" {
			strictHits.Add(1)
		}
		switch r.URL.Path {
		case "/to":
			w.Header()["Location"] = []string{location.Load().(string)}
			w.WriteHeader(http.StatusFound)
		case "/big":
			w.Write(make([]byte, limit+1))
		case "/gz":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb.Bytes())
		case "/png":
			w.Header().Set("Content-Type", "image/png")
		default:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<p>public</p>")
		}
	})
	private := serveOn(f, "127.0.0.2:0", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "private")
	})
	expand := strings.NewReplacer(
		"{public}", public.Listener.Addr().String(), "{private}", private.Listener.Addr().String(),
		"{pport}", public.port(), "{qport}", private.port()).Replace
	dns := fakeDNS(map[string][]string{
		"news.test":     {"127.0.0.1"},
		"intranet.test": {"127.0.0.2"},
		"both.test":     {"127.0.0.1", "127.0.0.2"},
		"localhost":     {"127.0.0.1", "::1"},
	})
	o := Options{MaxBytes: limit, Timeout: 3 * time.Second}
	o.UserAgent = "strict"
	strict := New(o)
	strict.refuse, strict.lookup = only(), dns
	o.UserAgent = "open"
	open := New(o)
	open.refuse, open.lookup = only("127.0.0.1"), dns

	for _, seed := range [][2]string{
		{"http://{public}/", "http://{private}/"},
		{"http://{private}/", "/"},
		{"http://news.test:{pport}/a?token=SECRET", "http://intranet.test:{qport}/?token=SECRET"},
		{"http://both.test:{pport}/", "http://both.test:{qport}/"},
		{"http://2130706433:{pport}/", "http://0x7f.2:{qport}/"},
		{"http://[::ffff:127.0.0.1]:{pport}/", "http://[::ffff:127.0.0.2]:{qport}/"},
		{"http://127.1:{pport}/", "http://127.2:{qport}/"},
		{"http://[::1]:{pport}/", "http://localhost:{qport}/"},
		{"http://user:SECRET@{public}/", "http://user:SECRET@{public}/"},
		{"http://user:SEC/RET@{public}/", "http://{public}:SECRET/"},
		{"https://{public}/", "https://{private}/"},
		{"http://{public}/big", "http://{public}/gz"},
		{"http://{public}/png", "ftp://{public}/?token=SECRET"},
		{"http://{public}/to", "http://{private}/"},
		{"http://{public}/to?SECRET", "/to"},
		{"http://{public}/to", "?SECRET"},
		{"http://{public}/to", "A:/SECRET"},
		{"http://[fe80::1%25lo]:{pport}/", "//{private}/"},
		{"http://0:{qport}/", "http://[::1%zz]/?token=SECRET"},
		{"%zz", "\x00\r\n"},
		{"javascript:alert(1)", "file:///etc/passwd"},
		{"user:SECRET@{public}", "//:SECRET@"},
		{"http://{public}/#access_token=SECRET", "/#SECRET"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, rawURL, loc string) {
		rawURL, loc = expand(rawURL), expand(loc)
		location.Store(loc)
		ctx := context.Background()
		for _, c := range []struct {
			f   *Fetcher
			url string
		}{
			{strict, rawURL},
			{open, rawURL},
			{open, "http://" + public.Listener.Addr().String() + "/to"},
		} {
			p, err := c.f.Get(ctx, c.url)
			switch {
			case err == nil && p == nil:
				t.Fatalf("Get(%q): no page and no error", c.url)
			case err == nil && int64(len(p.Body)) > limit:
				t.Fatalf("Get(%q): %d bytes, over the limit of %d", c.url, len(p.Body), limit)
			case err != nil && p != nil:
				t.Fatalf("Get(%q): a page and an error, %v", c.url, err)
			}
			if err != nil {
				// The marker in the location counts when the URL asked for
				// does not show it in a place that may be shown.
				secret := holdsSecret(c.url) || holdsSecret(loc) && !strings.Contains(c.url, marker)
				if secret && strings.Contains(err.Error(), marker) {
					t.Fatalf("Get(%q): error %q shows the secret", c.url, err)
				}
				if strings.Contains(err.Error(), "timed out") && !errors.Is(err, ErrTimeout) {
					t.Fatalf("Get(%q): a timeout that is not ErrTimeout: %v", c.url, err)
				}
			}
		}
		if n := private.hits.Load(); n != 0 {
			t.Fatalf("%d requests reached the private server (url %q, location %q)", n, rawURL, loc)
		}
		if n := strictHits.Load(); n != 0 {
			t.Fatalf("%d requests reached the public server under the strict check (url %q)", n, rawURL)
		}
	})
}

// marker stands for a secret in the fuzzer's inputs: a token in a query
// or a fragment, a password. None of Get's own words holds it, so an
// error that does shows what it must not.
const marker = "SECRET"

// holdsSecret reports whether raw holds marker once, in a place Redact
// hides: the user name or password, the query, the fragment; or, when raw
// does not parse, after a '?' or before an '@'.
func holdsSecret(raw string) bool {
	if strings.Count(raw, marker) != 1 {
		return false
	}
	if u, err := url.Parse(raw); err == nil {
		return strings.Contains(u.User.String(), marker) || strings.Contains(u.RawQuery, marker) ||
			strings.Contains(u.Fragment, marker) || strings.Contains(u.Opaque, marker)
	}
	i := strings.Index(raw, marker)
	q := strings.IndexAny(raw, "?#")
	return q >= 0 && i > q || i < strings.LastIndex(raw, "@")
}
