package intake

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/newsdesk/newsdesk/corpus"
)

// A feed item becomes a corpus.Source:
//
//	Content   the item's content (content:encoded, Atom content), else its
//	          description or summary; HTML when it holds a tag, else text
//	Origin    the item's link (made absolute), else its GUID, else FEED#key
//	Meta      title, link as URL, the date published (else updated), the
//	          first author, the feed's title as outlet (else its site's or
//	          the feed's host); the feed's language only when the text is
//	          too short for its own to be detected
//
// Explicit metadata wins over what the cleaner would infer, so a feed's
// title is not guessed from the text.

// itemKey identifies an item within its feed across polls: its GUID,
// else its link, else a hash of its title, date and text.
func itemKey(it *gofeed.Item) string {
	switch {
	case strings.TrimSpace(it.GUID) != "":
		return "guid:" + strings.TrimSpace(it.GUID)
	case strings.TrimSpace(it.Link) != "":
		return "link:" + strings.TrimSpace(it.Link)
	}
	h := sha256.Sum256([]byte(it.Title + "\x00" + it.Published + "\x00" + it.Updated + "\x00" + itemContent(it)))
	return "hash:" + hex.EncodeToString(h[:12])
}

// itemSource makes the Source of item it of feed fd, fetched from
// feedURL.
func itemSource(feedURL string, fd *gofeed.Feed, it *gofeed.Item) corpus.Source {
	content := strings.ToValidUTF8(itemContent(it), "\uFFFD")
	format := corpus.Text
	if hasTag.MatchString(content) {
		format = corpus.HTML
	}
	link := resolve(it.Link, fd.Link, feedURL)
	origin := link
	if origin == "" {
		origin = strings.TrimSpace(it.GUID)
	}
	if origin == "" {
		origin = feedURL + "#" + itemKey(it)
	}
	meta := corpus.Meta{
		Title:  strings.TrimSpace(it.Title),
		URL:    link,
		Author: itemAuthor(it),
		Outlet: outlet(feedURL, fd),
	}
	if corpus.DetectLang(content) == "" {
		// Too short to tell: trust the feed. Otherwise leave the language
		// to the text, as many feeds carry their software's default.
		meta.Lang = langCode(fd.Language)
	}
	switch {
	case it.PublishedParsed != nil:
		meta.Published = day(*it.PublishedParsed)
	case it.UpdatedParsed != nil:
		meta.Published = day(*it.UpdatedParsed)
	}
	return corpus.Source{Origin: origin, Format: format, Content: content, Meta: meta}
}

// resolve makes link absolute against the first of bases that is an
// absolute URL (the feed's site, then the feed), as some feeds give links
// relative to their site.
func resolve(link string, bases ...string) string {
	link = strings.TrimSpace(link)
	u, err := url.Parse(link)
	if link == "" || err != nil || u.IsAbs() {
		return link
	}
	for _, b := range bases {
		if bu, err := url.Parse(strings.TrimSpace(b)); err == nil && bu.IsAbs() {
			return bu.ResolveReference(u).String()
		}
	}
	return link
}

// hasTag finds an HTML start or end tag, or a comment.
var hasTag = regexp.MustCompile(`<(?:[a-zA-Z][a-zA-Z0-9]*[\s/>]|/[a-zA-Z]|!--)`)

// itemContent is the item's fullest text: its content, else its
// description.
func itemContent(it *gofeed.Item) string {
	if strings.TrimSpace(it.Content) != "" {
		return it.Content
	}
	return it.Description
}

// itemAuthor is the name (else the address) of the item's first author.
func itemAuthor(it *gofeed.Item) string {
	for _, p := range it.Authors {
		if p == nil {
			continue
		}
		if n := strings.TrimSpace(p.Name); n != "" {
			return n
		}
		if e := strings.TrimSpace(p.Email); e != "" {
			return e
		}
	}
	return ""
}

// outlet names who publishes the feed: its title, else its site's host,
// else the feed's own host.
func outlet(feedURL string, fd *gofeed.Feed) string {
	if t := strings.TrimSpace(fd.Title); t != "" {
		return t
	}
	for _, raw := range []string{fd.Link, feedURL} {
		if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
			return strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	return ""
}

// langCode reads a feed's language ("en-us", "de_DE", "fr") as an ISO
// 639-1 code, or "" when it is not one.
func langCode(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	if len(lang) != 2 || lang[0] < 'a' || lang[0] > 'z' || lang[1] < 'a' || lang[1] > 'z' {
		return ""
	}
	return lang
}

// day is the calendar date of t, in t's own zone, as UTC midnight: the
// form corpus keeps dates in.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
