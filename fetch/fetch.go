// Package fetch downloads a page a user named, refusing what a server-side
// fetch must not reach.
//
// An administrator sends the bot a link (or runs `bot ingest URL`), and
// the bot, not the administrator's browser, makes the request: from the
// bot's network, where loopback services, the intranet and the cloud's
// metadata endpoint answer. Get therefore checks each address it connects
// to, at dial time and after every redirect (address.go says how and
// why), and bounds what a server can make it do: the time a request takes
// (Timeout, body included), the bytes it reads (MaxBytes, after gzip
// decoding, so a small compressed body cannot expand without end), the
// redirects it follows (MaxRedirects), and the kinds of document it
// accepts (those an article comes in; see accepted).
//
// Errors name the host and path but never the query or a password, which
// may carry tokens (see Redact), and wrap one of the Err sentinels, so a
// caller can tell the user what happened in its own words: the hint an
// operator needs to allow intranet addresses, say, belongs to the caller,
// which knows how its operators configure it.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// Options tune a Fetcher. The zero value is ready to use.
type Options struct {
	// Timeout bounds a whole Get: connecting, redirects, headers and the
	// body (default 20 s).
	Timeout time.Duration
	// MaxBytes is the longest body read, in bytes, after gzip decoding
	// (default 8 MiB, corpus.MaxFileSize, the longest article file the
	// corpus loads); a longer one is ErrTooLarge.
	MaxBytes int64
	// MaxRedirects is how many redirects a Get follows (default 5; a
	// negative number follows none).
	MaxRedirects int
	// AllowPrivate lets a Get connect to any address: loopback, private
	// (RFC 1918, ULA fc00::/7), link-local, shared (100.64.0.0/10),
	// unspecified, multicast and reserved ones. For tests and for
	// deployments that ingest from an intranet.
	AllowPrivate bool
	// UserAgent names the bot to servers (default
	// "newsdesk/1 (article fetcher)").
	UserAgent string
}

// Page is a document fetched.
type Page struct {
	URL         string // the final URL, after redirects, as the server was asked for it
	ContentType string // media type, lower case, without parameters
	Charset     string // the charset parameter of Content-Type, lower case; "" when none
	Body        []byte // at most MaxBytes, gzip decoded
}

// Fetcher fetches pages. It is safe for concurrent use.
type Fetcher struct {
	o      Options
	client *http.Client
	dialer *net.Dialer

	// refuse says why an address must not be connected to, or returns
	// "" when it may; nil connects anywhere (AllowPrivate). Tests
	// replace it to let a loopback test server stand for a public host.
	refuse func(netip.Addr) string
	// lookup resolves a host name (net.DefaultResolver.LookupNetIP);
	// tests replace it to map names to test servers without DNS.
	lookup func(ctx context.Context, host string) ([]netip.Addr, error)
}

// New returns a Fetcher with the given options, defaults filled in.
func New(o Options) *Fetcher {
	if o.Timeout <= 0 {
		o.Timeout = 20 * time.Second
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 8 << 20
	}
	switch {
	case o.MaxRedirects == 0:
		o.MaxRedirects = 5
	case o.MaxRedirects < 0:
		o.MaxRedirects = 0
	}
	if o.UserAgent == "" {
		o.UserAgent = "newsdesk/1 (article fetcher)"
	}
	f := &Fetcher{o: o}
	if !o.AllowPrivate {
		f.refuse = forbidden
	}
	f.lookup = func(ctx context.Context, host string) ([]netip.Addr, error) {
		return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	}
	f.dialer = &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, ControlContext: f.control}
	f.client = &http.Client{
		Transport: &http.Transport{
			Proxy:                  nil, // a proxy would connect for us, past the address check
			DialContext:            f.dial,
			ForceAttemptHTTP2:      true,
			TLSHandshakeTimeout:    10 * time.Second,
			IdleConnTimeout:        30 * time.Second,
			MaxResponseHeaderBytes: 64 << 10,
		},
		CheckRedirect: f.checkRedirect,
	}
	return f
}

// accepted are the media types an article comes in. The caller reads the
// body by its type; application/octet-stream is taken because servers
// send files under it, and the caller sniffs what they are.
var accepted = map[string]bool{
	"text/html":             true,
	"application/xhtml+xml": true,
	"text/plain":            true,
	"text/markdown":         true,
	"application/pdf":       true,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": true,
	"application/octet-stream": true,
}

const accept = "text/html, application/xhtml+xml, text/markdown;q=0.9, text/plain;q=0.9, " +
	"application/pdf;q=0.8, application/vnd.openxmlformats-officedocument.wordprocessingml.document;q=0.8, */*;q=0.1"

// trail is the URL a Get last asked for, kept up to date by checkRedirect,
// so that an error after a redirect can say where it went.
type trail struct{ last *url.URL }

type trailKey struct{}

// errTimedOut is the cause of a Get's own deadline, to tell it from the
// caller's.
var errTimedOut = errors.New("fetch timeout")

// Get fetches rawURL, following redirects, and returns the page when the
// server answers 2xx with an accepted type and a body of at most MaxBytes.
// Errors wrap one of the Err sentinels (or the cause: a failed lookup, a
// refused connection, the context's error) and begin
// "fetch http://host/path?…: ".
func (f *Fetcher) Get(ctx context.Context, rawURL string) (*Page, error) {
	shown := Redact(rawURL)
	u, err := parseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", shown, err)
	}
	ctx, cancel := context.WithTimeoutCause(ctx, f.o.Timeout, errTimedOut)
	defer cancel()
	tr := &trail{last: u}
	ctx = context.WithValue(ctx, trailKey{}, tr)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", shown, fail(ErrURL, "not a URL to fetch"))
	}
	req.Header.Set("User-Agent", f.o.UserAgent)
	req.Header.Set("Accept", accept)
	page, err := f.do(req)
	if err != nil {
		if tr.last != u {
			shown += " (redirected to " + Redact(tr.last.String()) + ")"
		}
		return nil, fmt.Errorf("fetch %s: %w", shown, f.explain(ctx, err))
	}
	return page, nil
}

// do sends req and reads the response into a Page.
func (f *Fetcher) do(req *http.Request) (*Page, error) {
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// The status line's own text is the server's to choose; the
		// standard one is not.
		return nil, &failure{kind: ErrStatus, msg: strings.TrimSpace(fmt.Sprint(resp.StatusCode, " ", http.StatusText(resp.StatusCode)))}
	}
	mt, charset, err := mediaType(resp.Header.Get("Content-Type"))
	if err != nil {
		return nil, err
	}
	// The transport decodes gzip it asked for and drops the header; any
	// encoding left is one the server chose unasked.
	if ce := resp.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		return nil, fail(ErrContentType, "not an article: encoded as %q", shorten(ce, 40))
	}
	limit := f.o.MaxBytes
	if resp.ContentLength > limit {
		return nil, fail(ErrTooLarge, "too large: %s, more than the limit of %s",
			sizeString(resp.ContentLength), sizeString(limit))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(body)) > limit {
		return nil, fail(ErrTooLarge, "too large: more than the limit of %s", sizeString(limit))
	}
	return &Page{URL: resp.Request.URL.String(), ContentType: mt, Charset: charset, Body: body}, nil
}

// mediaType reads a Content-Type header, refusing types that are not
// accepted. A response without one is application/octet-stream (RFC 9110,
// 8.3), for the caller to sniff.
func mediaType(header string) (mt, charset string, err error) {
	if strings.TrimSpace(header) == "" {
		return "application/octet-stream", "", nil
	}
	mt, params, err := mime.ParseMediaType(header)
	if err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter) {
		return "", "", fail(ErrContentType, "not an article: unreadable Content-Type %q", shorten(header, 60))
	}
	if !accepted[mt] {
		return "", "", fail(ErrContentType, "not an article: %s", shorten(mt, 60))
	}
	return mt, strings.ToLower(strings.TrimSpace(params["charset"])), nil
}

// checkRedirect lets the client follow a redirect to req when it is within
// MaxRedirects and to a URL Get would take. It also drops the Referer the
// client adds, which holds the previous URL's query and its tokens, for
// a host that may be another's.
func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if tr, ok := req.Context().Value(trailKey{}).(*trail); ok {
		tr.last = req.URL
	}
	if len(via) > f.o.MaxRedirects {
		return fail(ErrRedirects, "more than %d redirects", f.o.MaxRedirects)
	}
	if err := checkURL(req.URL); err != nil {
		return err
	}
	req.Header.Del("Referer")
	return nil
}

// parseURL reads rawURL as a URL Get takes.
func parseURL(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Parse's error quotes the whole input, and its cause quotes
		// the part at fault ("invalid port \":pass\" after host"), which
		// may be a password: say what is wrong, not where.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		why, _, _ := strings.Cut(err.Error(), `"`)
		return nil, fail(ErrURL, "not a URL: %s", strings.TrimSpace(strings.TrimPrefix(why, "net/url: ")))
	}
	return u, checkURL(u)
}

// checkURL refuses a URL that is not http or https, has no host, or
// carries a user name or password: the fetcher does not log in for
// anyone, and a password would otherwise be kept with the article's link.
func checkURL(u *url.URL) error {
	switch {
	case u.Scheme == "":
		return fail(ErrScheme, "not a web address: it does not start with http:// or https://")
	case u.Scheme != "http" && u.Scheme != "https":
		return fail(ErrScheme, "not http or https: %s", shorten(u.Scheme, 20))
	case u.User != nil:
		return fail(ErrURL, "the URL holds a user name or password; send it without them")
	case u.Host == "" || u.Hostname() == "":
		return fail(ErrURL, "no host in the URL")
	}
	return nil
}

// explain turns what the client returned into the error Get reports: one
// of ours when the chain holds one, the timeout when the deadline passed,
// else the cause without the url.Error around it (whose message holds the
// whole URL).
func (f *Fetcher) explain(ctx context.Context, err error) error {
	var ae *addressError
	var fl *failure
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &fl):
		return fl
	case errors.Is(context.Cause(ctx), errTimedOut):
		return fail(ErrTimeout, "timed out after %s", f.o.Timeout)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	// The client quotes a Location it cannot parse, tokens and all.
	if strings.HasPrefix(err.Error(), "failed to parse Location header") {
		return fail(ErrURL, "redirected to something that is not a URL")
	}
	// And the transport quotes what it cannot read of a response
	// (`malformed MIME header line: "Location: /?token=…"`), which may
	// be the request's own query sent back.
	if msg, _, quoted := strings.Cut(err.Error(), `"`); quoted {
		return &cutError{msg: strings.TrimRight(msg, ": "), err: err}
	}
	return err
}

// cutError is err with a message cut short of what it quoted.
type cutError struct {
	msg string
	err error
}

func (e *cutError) Error() string { return e.msg }
func (e *cutError) Unwrap() error { return e.err }
