package fetch

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// The reasons a Get fails, to be checked with errors.Is, so that a caller
// can tell the user what happened (and, for ErrForbiddenAddress, how an
// operator allows intranet addresses). The messages of the errors Get
// returns say more: the host, the address, the limit, the status.
var (
	// ErrURL means the URL cannot be fetched as written: it does not
	// parse, has no host, or carries a user name or password.
	ErrURL = errors.New("not a URL to fetch")
	// ErrScheme means the URL, or a redirect, is not http or https.
	ErrScheme = errors.New("not http or https")
	// ErrForbiddenAddress means the host is, or resolves to, an address a
	// server-side fetch must not reach: loopback, private, link-local,
	// shared, multicast, reserved (see address.go).
	ErrForbiddenAddress = errors.New("forbidden address")
	// ErrRedirects means the server redirected more than MaxRedirects times.
	ErrRedirects = errors.New("too many redirects")
	// ErrStatus means the server answered with a status other than 2xx.
	ErrStatus = errors.New("HTTP error status")
	// ErrContentType means the response is not a kind of document an
	// article comes in (an image, a video, a script) or is encoded in a
	// way the fetcher does not undo.
	ErrContentType = errors.New("not an article")
	// ErrTooLarge means the body is longer than MaxBytes (after gzip
	// decoding).
	ErrTooLarge = errors.New("too large")
	// ErrTimeout means the whole request, body included, took longer than
	// Timeout.
	ErrTimeout = errors.New("timed out")
)

// failure is an error whose message says what happened in words for
// people ("more than 5 redirects", "404 Not Found") while errors.Is still
// sees its kind, one of the sentinels above.
type failure struct {
	kind error
	msg  string
}

func (e *failure) Error() string { return e.msg }
func (e *failure) Unwrap() error { return e.kind }

func fail(kind error, format string, args ...any) error {
	return &failure{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// maxShown bounds what an error quotes of a URL or a header a server sent.
const maxShown = 200

// Redact returns rawURL as it may appear in an error or a log line:
// without a user name or password, with the query replaced by "?…" (query
// strings carry tokens and signatures: ?token=, ?X-Amz-Signature=) and
// without the fragment; scheme, host and path are kept, so that whoever
// reads the line can tell which link it was. Of something that does not
// parse as a URL only the scheme and host are kept.
func Redact(rawURL string) string {
	var s string
	if u, err := url.Parse(rawURL); err == nil {
		if u.Opaque != "" {
			// "user:pass@host" parses as scheme "user" and opaque
			// "pass@host": nothing in it can be told safe to show.
			return shorten(u.Scheme, maxShown) + ":…"
		}
		hadQuery := u.RawQuery != "" || u.ForceQuery
		u.User, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = nil, "", false, "", ""
		s = u.String()
		if hadQuery {
			s += "?…"
		}
	} else {
		s = redactText(rawURL)
	}
	return shorten(s, maxShown)
}

// redactText is Redact for what does not parse as a URL: only the scheme
// and the host are kept, because where the parser gave up is unknown (a
// password holding a '/' or a port holding a password make a URL
// unparseable), and a URL that does not parse names nothing to fetch.
func redactText(s string) string {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || scheme == "" || strings.IndexFunc(scheme, func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '+' || r == '-' || r == '.')
	}) >= 0 {
		return "(not a URL)"
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		rest = rest[i+1:]
	}
	bracketed := strings.HasPrefix(rest, "[")
	if bracketed {
		i := strings.IndexByte(rest, ']')
		if i < 0 {
			return scheme + "://[…"
		}
		rest = rest[:i+1] // an IPv6 literal's port may be a password's end
	}
	notHost := func(r rune) bool {
		name := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '.' || r == '-' || r == '_'
		return !name && !(bracketed && strings.ContainsRune("[]:%", r))
	}
	host := rest
	if i := strings.IndexFunc(rest, notHost); i >= 0 {
		host = rest[:i]
	}
	return scheme + "://" + host + "/…"
}

// shorten cuts s to at most n bytes, on a rune boundary, marking the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// sizeString writes a byte count for people: "812 bytes", "64 KiB",
// "8 MiB", "12.5 MiB".
func sizeString(n int64) string {
	unit, name := int64(1), "bytes"
	switch {
	case n >= 1<<20:
		unit, name = 1<<20, "MiB"
	case n >= 1<<10:
		unit, name = 1<<10, "KiB"
	}
	if n%unit == 0 {
		return fmt.Sprintf("%d %s", n/unit, name)
	}
	return fmt.Sprintf("%.1f %s", float64(n)/float64(unit), name)
}
