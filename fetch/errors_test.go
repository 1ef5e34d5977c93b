package fetch

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestRefusedURLs(t *testing.T) {
	for _, c := range []struct {
		url  string
		want error
	}{
		{"ftp://example.com/a", ErrScheme},
		{"file:///etc/passwd", ErrScheme},
		{"javascript:alert(1)", ErrScheme},
		{"example.com/news/1", ErrScheme},
		{"www.example.com", ErrScheme},
		{"", ErrScheme},
		{"http://user:secret@example.com/", ErrURL},
		{"http://:secret@example.com/", ErrURL},
		{"https://user@example.com/", ErrURL},
		{"http://user:sec/ret@example.com/", ErrURL}, // does not parse
		{"user:secret@example.com", ErrScheme},
		{"http:///path", ErrURL},
		{"http://:80/", ErrURL},
		{"http:example.com", ErrURL}, // opaque: no host
		{"http://exa mple.com/", ErrURL},
		{"http://example.com/%zz?token=secret", ErrURL},
		{"http://[::1/", ErrURL},
		{"http://example.com:secret/", ErrURL},
	} {
		_, err := get(t, New(Options{}), c.url)
		if !errors.Is(err, c.want) {
			t.Errorf("Get(%q) = %v, want %v", c.url, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("Get(%q) error shows the secret: %v", c.url, err)
		}
	}
}

// TestErrorsHideSecrets fails a Get every way it can fail, with a token in
// the query, and looks for the token in the errors.
func TestErrorsHideSecrets(t *testing.T) {
	private := serveOn(t, "127.0.0.2:0", func(w http.ResponseWriter, r *http.Request) {})
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/png":
			w.Header().Set("Content-Type", "image/png")
		case "/big":
			w.Write(make([]byte, 2000))
		case "/loop":
			http.Redirect(w, r, "/loop?token=secret", http.StatusFound)
		case "/private":
			http.Redirect(w, r, "http://127.0.0.2:"+private.port()+"/?token=secret", http.StatusFound)
		case "/closed":
			http.Redirect(w, r, "http://127.0.0.1:1/?token=secret", http.StatusFound)
		case "/malformed": // a header the transport cannot read, which it quotes
			conn, buf, _ := w.(http.Hijacker).Hijack()
			fmt.Fprintf(buf, "HTTP/1.1 302 Found\r\nLocation: \x00/?%s\r\n\r\n", r.URL.RawQuery)
			buf.Flush()
			conn.Close()
		default:
			http.NotFound(w, r)
		}
	})
	f := New(Options{MaxBytes: 1000})
	f.refuse = only("127.0.0.1")
	f.lookup = fakeDNS(nil)
	for _, path := range []string{"/404", "/png", "/big", "/loop", "/private", "/closed", "/malformed"} {
		_, err := get(t, f, s.URL+path+"?token=secret")
		if err == nil {
			t.Errorf("%s: no error", path)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, "secret") || !strings.Contains(msg, "?…") {
			t.Errorf("%s: error %q shows the query, or does not say there was one", path, msg)
		}
	}
	for _, u := range []string{
		"http://127.0.0.1:" + s.port() + "/?token=secret", // refused by the default check
		"http://nosuch.test/?token=secret",
		"http://user:secret@nosuch.test/?token=secret",
	} {
		_, err := get(t, New(Options{}), u)
		if err == nil || strings.Contains(err.Error(), "secret") {
			t.Errorf("Get(%s) = %v", u, err)
		}
	}
}

func TestRedact(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://example.com/news/1", "https://example.com/news/1"},
		{"https://example.com/a?token=secret", "https://example.com/a?…"},
		{"https://example.com/a?", "https://example.com/a?…"},
		{"https://user:secret@example.com:8443/a#frag", "https://example.com:8443/a"},
		{"user:secret@example.com", "user:…"},
		{"//user:secret@example.com/a", "//example.com/a"},
		{"http://user:sec/ret@example.com/a?x=1", "http://example.com/…"},
		{"http://example.com/%zz?token=secret", "http://example.com/…"},
		{"http://example.com:secret/", "http://example.com/…"},
		{"http://[::1/?token=secret", "http://[…"},
		{"http://[::1:secret/", "http://[…"},
		{"http://[::1%zz]:secret/", "http://[::1%zz]/…"},
		{"not a url: %zz", "(not a URL)"},
		{"/r/1?token=secret", "/r/1?…"},
		{"https://example.com/" + strings.Repeat("é", 200), "https://example.com/" + strings.Repeat("%C3%A9", 30) + "…"},
	} {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSizeString(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 bytes", 1000: "1000 bytes", 1024: "1 KiB", 5000: "4.9 KiB", 8 << 20: "8 MiB", 12<<20 + 1<<19: "12.5 MiB",
	} {
		if got := sizeString(n); got != want {
			t.Errorf("sizeString(%d) = %q, want %q", n, got, want)
		}
	}
}
