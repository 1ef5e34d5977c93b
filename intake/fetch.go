package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// validators are what a server said identifies the version of a feed it
// sent, for a conditional GET to ask whether it changed.
type validators struct {
	etag         string // ETag, sent back as If-None-Match
	lastModified string // Last-Modified, sent back as If-Modified-Since
}

// errTooLarge reports a feed over FeedOptions.MaxSize.
var errTooLarge = errors.New("feed too large")

// fetch GETs the feed at url, conditionally on v. It returns the body and
// the new validators, or notModified when the server answered 304. The
// body is at most max bytes; a larger one, a status other than 200 or
// 304, or a failed request is an error.
func (f *Feeds) fetch(ctx context.Context, url string, v validators) (body []byte, nv validators, notModified bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, f.o.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, v, false, err
	}
	req.Header.Set("User-Agent", f.o.UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
	if v.etag != "" {
		req.Header.Set("If-None-Match", v.etag)
	}
	if v.lastModified != "" {
		req.Header.Set("If-Modified-Since", v.lastModified)
	}
	resp, err := f.o.Client.Do(req)
	if err != nil {
		return nil, v, false, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNotModified:
		return nil, v, true, nil
	case http.StatusOK:
	default:
		return nil, v, false, fmt.Errorf("HTTP %s", resp.Status)
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, f.o.MaxSize+1)); err != nil {
		return nil, v, false, fmt.Errorf("read response: %w", err)
	}
	if int64(buf.Len()) > f.o.MaxSize {
		return nil, v, false, fmt.Errorf("%w: more than %d bytes", errTooLarge, f.o.MaxSize)
	}
	nv = validators{etag: resp.Header.Get("ETag"), lastModified: resp.Header.Get("Last-Modified")}
	return buf.Bytes(), nv, false, nil
}
