package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// server is an httptest server that counts the requests it answers.
type server struct {
	*httptest.Server
	hits atomic.Int64
}

// serve starts a server on 127.0.0.1, closed when the test ends.
func serve(tb testing.TB, h http.HandlerFunc) *server { return serveOn(tb, "127.0.0.1:0", h) }

// serveOn starts a server listening on addr; the test is skipped when
// the system cannot listen there (127.0.0.2 outside Linux).
func serveOn(tb testing.TB, addr string, h http.HandlerFunc) *server {
	tb.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		tb.Skipf("cannot listen on %s: %v", addr, err)
	}
	s := &server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		h(w, r)
	}))
	s.Listener.Close()
	s.Listener = l
	s.Start()
	tb.Cleanup(s.Close)
	return s
}

func (s *server) port() string {
	_, p, _ := net.SplitHostPort(s.Listener.Addr().String())
	return p
}

// only lets a Fetcher connect to the addresses given, which stand for
// public hosts, and refuses every other as the default check does (or as
// "a public address outside the test", so that no test dials out).
func only(allowed ...string) func(netip.Addr) string {
	return func(a netip.Addr) string {
		for _, s := range allowed {
			if a.Unmap() == netip.MustParseAddr(s) {
				return ""
			}
		}
		if r := forbidden(a); r != "" {
			return r
		}
		return "a public address outside the test"
	}
}

func get(t *testing.T, f *Fetcher, url string) (*Page, error) {
	t.Helper()
	return f.Get(context.Background(), url)
}

func TestGetFollowsRedirectToPage(t *testing.T) {
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/moved":
			http.Redirect(w, r, "/story?id=7", http.StatusMovedPermanently)
		case "/story":
			if ua := r.Header.Get("User-Agent"); ua != "test-agent" {
				t.Errorf("User-Agent %q", ua)
			}
			w.Header().Set("Content-Type", "text/html; charset=Windows-1251")
			fmt.Fprint(w, "<h1>Story</h1>")
		default:
			http.NotFound(w, r)
		}
	})
	p, err := get(t, New(Options{AllowPrivate: true, UserAgent: "test-agent"}), s.URL+"/moved")
	if err != nil {
		t.Fatal(err)
	}
	want := Page{URL: s.URL + "/story?id=7", ContentType: "text/html", Charset: "windows-1251", Body: []byte("<h1>Story</h1>")}
	if p.URL != want.URL || p.ContentType != want.ContentType || p.Charset != want.Charset || !bytes.Equal(p.Body, want.Body) {
		t.Errorf("Get = %+v, want %+v", *p, want)
	}
}

func TestContentTypes(t *testing.T) {
	for _, c := range []struct {
		header      string // "-" for no Content-Type at all
		wantType    string // "" when refused
		wantCharset string
		wantErr     string
	}{
		{"text/html", "text/html", "", ""},
		{"TEXT/HTML; Charset=UTF-8", "text/html", "utf-8", ""},
		{"application/xhtml+xml", "application/xhtml+xml", "", ""},
		{"text/plain; charset=koi8-r", "text/plain", "koi8-r", ""},
		{"text/markdown", "text/markdown", "", ""},
		{"application/pdf", "application/pdf", "", ""},
		{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "", ""},
		{"application/octet-stream", "application/octet-stream", "", ""},
		{"-", "application/octet-stream", "", ""},
		{"text/html; charset", "text/html", "", ""}, // a bad parameter, a good type
		{"image/png", "", "", "not an article: image/png"},
		{"video/mp4", "", "", "not an article: video/mp4"},
		{"application/javascript", "", "", "not an article: application/javascript"},
		{"text/html/extra", "", "", `unreadable Content-Type "text/html/extra"`},
	} {
		t.Run(c.header, func(t *testing.T) {
			s := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if c.header == "-" {
					w.Header()["Content-Type"] = nil // no sniffing either
				} else {
					w.Header().Set("Content-Type", c.header)
				}
				fmt.Fprint(w, "body")
			})
			p, err := get(t, New(Options{AllowPrivate: true}), s.URL+"/")
			if c.wantErr != "" {
				if !errors.Is(err, ErrContentType) || !strings.Contains(err.Error(), c.wantErr) {
					t.Errorf("Get = %v, want ErrContentType saying %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.ContentType != c.wantType || p.Charset != c.wantCharset {
				t.Errorf("type %q charset %q, want %q %q", p.ContentType, p.Charset, c.wantType, c.wantCharset)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	for _, c := range []struct {
		code int
		want string // "" for a page
	}{
		{200, ""},
		{203, ""},
		{404, "404 Not Found"},
		{410, "410 Gone"},
		{500, "500 Internal Server Error"},
		{304, "304 Not Modified"}, // a 3xx without a Location is not followed
		{599, "599"},
	} {
		s := serve(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(c.code)
			fmt.Fprint(w, "body")
		})
		_, err := get(t, New(Options{AllowPrivate: true}), s.URL+"/a")
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%d: %v", c.code, err)
		case c.want != "" && (!errors.Is(err, ErrStatus) || !strings.HasSuffix(err.Error(), ": "+c.want)):
			t.Errorf("%d: Get = %v, want ErrStatus ending %q", c.code, err, c.want)
		}
	}
}

// redirector redirects /r/N to /r/N-1 and serves /r/0.
func redirector(t *testing.T) *server {
	return serve(t, func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/r/"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/r/%d?token=secret", n-1), http.StatusFound)
			return
		}
		fmt.Fprint(w, "arrived")
	})
}

func TestRedirectLimit(t *testing.T) {
	s := redirector(t)
	for _, c := range []struct {
		max, hops int
		want      string // "" when the page is reached
	}{
		{0, 5, ""},
		{0, 6, "more than 5 redirects"},
		{0, 60, "more than 5 redirects"},
		{2, 2, ""},
		{2, 3, "more than 2 redirects"},
		{-1, 0, ""},
		{-1, 1, "more than 0 redirects"},
	} {
		before := s.hits.Load()
		p, err := get(t, New(Options{AllowPrivate: true, MaxRedirects: c.max}), fmt.Sprintf("%s/r/%d", s.URL, c.hops))
		requests := s.hits.Load() - before
		limit := map[int]int{0: 5, -1: 0}[c.max]
		if c.max > 0 {
			limit = c.max
		}
		switch {
		case c.want == "" && (err != nil || string(p.Body) != "arrived"):
			t.Errorf("max %d, %d hops: %v", c.max, c.hops, err)
		case c.want != "" && (!errors.Is(err, ErrRedirects) || !strings.Contains(err.Error(), c.want)):
			t.Errorf("max %d, %d hops: Get = %v, want ErrRedirects saying %q", c.max, c.hops, err, c.want)
		case c.want != "" && requests != int64(limit+1):
			t.Errorf("max %d, %d hops: %d requests, want %d", c.max, c.hops, requests, limit+1)
		}
	}
}

// TestRedirectToForbiddenAddress: a public host (127.0.0.1, allowed for
// the test) redirects to a private one (127.0.0.2, refused as loopback),
// by address in several forms and by a name; no request reaches it.
func TestRedirectToForbiddenAddress(t *testing.T) {
	private := serveOn(t, "127.0.0.2:0", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "secret") })
	public := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if to := r.URL.Query().Get("to"); to != "" {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		fmt.Fprint(w, "public page")
	})
	f := New(Options{})
	f.refuse = only("127.0.0.1")
	f.lookup = fakeDNS(map[string][]string{"news.test": {"127.0.0.1"}, "intranet.test": {"127.0.0.2"}})
	start := "http://news.test:" + public.port() + "/"
	if p, err := get(t, f, start); err != nil || string(p.Body) != "public page" {
		t.Fatalf("the allowed host: %v", err)
	}
	pp := private.port()
	for _, to := range []string{
		"http://127.0.0.2:" + pp + "/",
		"http://intranet.test:" + pp + "/admin",
		"http://[::ffff:127.0.0.2]:" + pp + "/",
		"http://0x7f000002:" + pp + "/",
		"http://127.2:" + pp + "/",
	} {
		_, err := get(t, f, start+"?to="+to)
		if !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("redirect to %s: Get = %v, want ErrForbiddenAddress", to, err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "redirected to http://") || !strings.Contains(msg, "127.0.0.2, a loopback address") && !strings.Contains(msg, "127.0.0.2 is a loopback address") {
			t.Errorf("redirect to %s: error %q does not say where it went", to, msg)
		}
	}
	if n := private.hits.Load(); n != 0 {
		t.Errorf("%d requests reached the private server", n)
	}
}

func TestRedirectTargetsChecked(t *testing.T) {
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if to := r.URL.Query().Get("to"); to != "" {
			w.Header().Set("Location", to)
			w.WriteHeader(http.StatusFound)
			return
		}
		if r.URL.Path == "/landing" {
			if ref := r.Header.Get("Referer"); ref != "" {
				t.Errorf("Referer %q sent on a redirect", ref)
			}
			if r.URL.User != nil || r.Header.Get("Authorization") != "" {
				t.Error("credentials sent")
			}
		}
		fmt.Fprint(w, "page")
	})
	f := New(Options{AllowPrivate: true})
	for _, c := range []struct {
		to   string
		want error // nil for a page
	}{
		{"/landing", nil},
		{"ftp://example.com/file", ErrScheme},
		{"file:///etc/passwd", ErrScheme},
		{"gopher://127.0.0.1:70/", ErrScheme},
		{"javascript:alert(1)", ErrScheme},
		{"http://user:secret@" + s.Listener.Addr().String() + "/landing", ErrURL},
		{"http:///nohost", ErrURL},
		{"http://[::1%zz]/?token=secret", ErrURL}, // a Location that does not parse
	} {
		_, err := get(t, f, s.URL+"/?token=secret&to="+urlQueryEscape(c.to))
		if !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("redirect to %s: Get = %v, want %v", c.to, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("redirect to %s: error shows the secret: %v", c.to, err)
		}
	}
}

func urlQueryEscape(s string) string {
	return strings.NewReplacer("%", "%25", "&", "%26", "+", "%2B", "#", "%23", "?", "%3F", " ", "%20").Replace(s)
}

func TestSizeLimits(t *testing.T) {
	const limit = 1000
	zeros := func(n int) []byte { return make([]byte, n) }
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(b)
		zw.Close()
		return buf.Bytes()
	}
	bomb := gz(zeros(16 << 20)) // 16 MiB of zeros in about 16 KiB
	small := gz([]byte("a small page, compressed"))
	for _, c := range []struct {
		name    string
		handler http.HandlerFunc
		want    string // an error's words; "" for a page
		wantLen int
	}{
		{"declared length at the limit", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.Itoa(limit))
			w.Write(zeros(limit))
		}, "", limit},
		{"declared length over the limit", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "5000")
			w.Write(zeros(5000))
		}, "too large: 4.9 KiB, more than the limit of 1000 bytes", 0},
		{"chunked at the limit", func(w http.ResponseWriter, r *http.Request) {
			w.Write(zeros(limit / 2))
			w.(http.Flusher).Flush()
			w.Write(zeros(limit / 2))
		}, "", limit},
		{"chunked over the limit", func(w http.ResponseWriter, r *http.Request) {
			w.Write(zeros(limit))
			w.(http.Flusher).Flush()
			w.Write(zeros(1))
		}, "too large: more than the limit of 1000 bytes", 0},
		{"gzip bomb", func(w http.ResponseWriter, r *http.Request) {
			if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				t.Error("gzip not asked for")
			}
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		}, "too large: more than the limit of 1000 bytes", 0},
		{"gzip within the limit", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(small)
		}, "", len("a small page, compressed")},
		{"an encoding not asked for", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "br")
			w.Write([]byte("\x1b\x00"))
		}, `not an article: encoded as "br"`, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := serve(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/plain")
				c.handler(w, r)
			})
			p, err := get(t, New(Options{AllowPrivate: true, MaxBytes: limit}), s.URL+"/")
			if c.want == "" {
				if err != nil || len(p.Body) != c.wantLen {
					t.Fatalf("Get = %v; want %d bytes", err, c.wantLen)
				}
				return
			}
			if err == nil || !strings.HasSuffix(err.Error(), c.want) {
				t.Errorf("Get = %v, want an error ending %q", err, c.want)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	f := New(Options{})
	if f.o.Timeout != 20*time.Second || f.o.MaxBytes != 8<<20 || f.o.MaxRedirects != 5 || f.o.UserAgent == "" || f.refuse == nil {
		t.Errorf("defaults: %+v", f.o)
	}
}

// stall returns a server whose handler, after write, waits until the
// test ends or the client goes away.
func stall(t *testing.T, write func(w http.ResponseWriter)) *server {
	done := make(chan struct{})
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		write(w)
		select {
		case <-done:
		case <-r.Context().Done():
		}
	})
	t.Cleanup(func() { close(done) }) // before s.Close, which waits for handlers
	return s
}

func TestTimeout(t *testing.T) {
	for _, c := range []struct {
		name  string
		write func(w http.ResponseWriter)
	}{
		{"no headers", func(w http.ResponseWriter) {}},
		{"half a body", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Length", "100")
			w.Write([]byte("<p>half"))
			w.(http.Flusher).Flush()
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := stall(t, c.write)
			start := time.Now()
			_, err := get(t, New(Options{AllowPrivate: true, Timeout: 200 * time.Millisecond}), s.URL+"/?token=secret")
			if !errors.Is(err, ErrTimeout) || !strings.HasSuffix(err.Error(), "timed out after 200ms") {
				t.Errorf("Get = %v, want ErrTimeout after 200ms", err)
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v", took)
			}
		})
	}
}

func TestCallerCancels(t *testing.T) {
	s := stall(t, func(w http.ResponseWriter) {})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := New(Options{AllowPrivate: true}).Get(ctx, s.URL+"/")
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Errorf("Get = %v, want context.Canceled", err)
	}
}

func TestConcurrentGets(t *testing.T) {
	s := serve(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, r.URL.Path) })
	f := New(Options{AllowPrivate: true})
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			p, err := f.Get(context.Background(), fmt.Sprintf("%s/%d", s.URL, i))
			if err != nil || string(p.Body) != fmt.Sprintf("/%d", i) {
				t.Errorf("Get %d: %v", i, err)
			}
		})
	}
	wg.Wait()
}
