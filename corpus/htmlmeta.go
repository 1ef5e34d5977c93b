package corpus

// The metadata an HTML page declares, read before its text:
//
//   - Title: og:title, twitter:title, a JSON-LD headline, the first <h1>,
//     then <title>; a trailing " | Site" is cut when it names the site.
//   - Outlet: og:site_name, the JSON-LD publisher, application-name, then
//     the suffix of <title> ("Headline | Site", " - ", " — ", " · ").
//   - Author: meta author, article:author (unless a URL, as Facebook
//     profiles are), the JSON-LD author.
//   - Published: article:published_time, the JSON-LD datePublished, the
//     usual date meta names, then the first <time datetime> inside the
//     article.
//   - URL: link rel=canonical, og:url, the JSON-LD url or
//     mainEntityOfPage; absolute http(s) only, and never a site's home
//     page (see articleLink).

import (
	"cmp"
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlHead is what a page declares about itself.
type htmlHead struct {
	title, docTitle, h1  string
	site, author, date   string
	canonical, ogURL     string
	ldHeadline, ldAuthor string
	ldDate, ldURL, ldPub string
}

// metaKeys maps a meta element's name or property to the field it fills,
// most trusted first where several fill one field.
var metaKeys = map[string]string{
	"og:title": "title", "twitter:title": "title",
	"og:site_name": "site", "application-name": "site",
	"author": "author", "article:author": "author", "dc.creator": "author", "byl": "author",
	"article:published_time": "date", "og:article:published_time": "date", "datepublished": "date",
	"pubdate": "date", "publishdate": "date", "publish-date": "date", "date": "date",
	"dc.date": "date", "dc.date.issued": "date", "parsely-pub-date": "date", "sailthru.date": "date",
	"og:url": "url",
}

// readHead collects the metadata a page declares.
func readHead(doc *html.Node) htmlHead {
	var h htmlHead
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Meta:
			key := strings.ToLower(cmpAttr(n, "property", "name", "itemprop"))
			val := strings.TrimSpace(attr(n, "content"))
			if val == "" {
				continue
			}
			switch metaKeys[key] {
			case "title":
				h.title = cmp.Or(h.title, val)
			case "site":
				h.site = cmp.Or(h.site, val)
			case "author":
				if !strings.Contains(val, "://") {
					h.author = cmp.Or(h.author, strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(val, "By "), "by ")))
				}
			case "date":
				h.date = cmp.Or(h.date, val)
			case "url":
				h.ogURL = cmp.Or(h.ogURL, val)
			}
		case atom.Link:
			for rel := range strings.FieldsSeq(strings.ToLower(attr(n, "rel"))) {
				if rel == "canonical" {
					h.canonical = cmp.Or(h.canonical, strings.TrimSpace(attr(n, "href")))
				}
			}
		case atom.Title:
			if h.docTitle == "" {
				h.docTitle = fold(textOf(n))
			}
		case atom.H1:
			if h.h1 == "" {
				h.h1 = fold(textOf(n))
			}
		case atom.Script:
			if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
				h.readJSONLD(textOf(n))
			}
		}
	}
	return h
}

// meta turns what the page declares into Meta. root is the article's
// element, where a <time> is looked for; nil when unknown.
func (h htmlHead) meta(root *html.Node) Meta {
	var m Meta
	m.Outlet = cmp.Or(h.site, h.ldPub)
	m.Title = cmp.Or(h.title, h.ldHeadline, h.h1)
	if m.Title == "" || m.Outlet == "" {
		if head, site, ok := cutTitleSuffix(h.docTitle); ok {
			m.Title = cmp.Or(m.Title, head)
			m.Outlet = cmp.Or(m.Outlet, site)
		} else {
			m.Title = cmp.Or(m.Title, h.docTitle)
		}
	}
	if m.Outlet != "" {
		for _, sep := range titleSeps {
			m.Title = strings.TrimSpace(strings.TrimSuffix(m.Title, sep+m.Outlet))
		}
	}
	m.Author = cmp.Or(h.author, h.ldAuthor)
	for _, d := range []string{h.date, h.ldDate, timeIn(root)} {
		if t, ok := readDate(d); ok {
			m.Published = t
			break
		}
	}
	for _, u := range []string{h.canonical, h.ogURL, h.ldURL} {
		if p, err := url.Parse(u); err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "" && articleLink(u) != "" {
			m.URL = u
			break
		}
	}
	return m
}

// readDate reads a declared date: RFC 3339 and the other explicit forms
// first, then a date written in words.
func readDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if t, err := parseDate(s); err == nil && !t.IsZero() {
		return t, true
	}
	if ds := findDates(s); len(ds) > 0 {
		return ds[0].t, true
	}
	return time.Time{}, false
}

// titleSeps separate a headline from the site's name in <title>.
var titleSeps = []string{" | ", " – ", " — ", " - ", " :: ", " · ", " » "}

// cutTitleSuffix splits "Headline | Site" into the headline and the site,
// when the last part is a short name after a longer headline.
func cutTitleSuffix(t string) (head, site string, ok bool) {
	best := -1
	sepLen := 0
	for _, sep := range titleSeps {
		if i := strings.LastIndex(t, sep); i > best {
			best, sepLen = i, len(sep)
		}
	}
	if best <= 0 {
		return "", "", false
	}
	head, site = strings.TrimSpace(t[:best]), strings.TrimSpace(t[best+sepLen:])
	if site == "" || len(strings.Fields(site)) > 5 || len(strings.Fields(head)) <= len(strings.Fields(site)) {
		return "", "", false
	}
	return head, site, true
}

// timeIn returns the datetime of the first <time> inside root.
func timeIn(root *html.Node) string {
	if root == nil {
		return ""
	}
	for n := range root.Descendants() {
		if n.Type == html.ElementNode && n.DataAtom == atom.Time {
			if d := attr(n, "datetime"); d != "" {
				return d
			}
		}
	}
	return ""
}

// readJSONLD reads a JSON-LD block's article: its headline, date, author,
// publisher and URL. Blocks that do not parse are ignored.
func (h *htmlHead) readJSONLD(src string) {
	var v any
	if json.Unmarshal([]byte(src), &v) != nil {
		return
	}
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 8 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok {
				visit(g, depth+1)
			}
			if !isArticleType(x["@type"]) {
				return
			}
			h.ldHeadline = cmp.Or(h.ldHeadline, jsonText(x["headline"]))
			h.ldDate = cmp.Or(h.ldDate, jsonText(x["datePublished"]))
			h.ldAuthor = cmp.Or(h.ldAuthor, jsonName(x["author"]))
			h.ldPub = cmp.Or(h.ldPub, jsonName(x["publisher"]))
			h.ldURL = cmp.Or(h.ldURL, jsonText(x["url"]), jsonID(x["mainEntityOfPage"]))
		}
	}
	visit(v, 0)
}

// isArticleType reports whether a JSON-LD @type names an article.
func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return strings.HasSuffix(x, "Article") || x == "BlogPosting" || x == "Report"
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

// jsonText returns a JSON string value, trimmed; "" for anything else.
func jsonText(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// jsonID returns the address a JSON-LD mainEntityOfPage gives: a string,
// or a WebPage object's "@id" (or "url").
func jsonID(v any) string {
	if m, ok := v.(map[string]any); ok {
		return cmp.Or(jsonText(m["@id"]), jsonText(m["url"]))
	}
	return jsonText(v)
}

// jsonName returns the name of a JSON-LD person or organisation, or the
// names of a list of them joined with ", ".
func jsonName(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case map[string]any:
		return jsonText(x["name"])
	case []any:
		var names []string
		for _, e := range x {
			if n := jsonName(e); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

// attr returns the value of an element's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// cmpAttr returns the first of an element's attributes keys that is set.
func cmpAttr(n *html.Node, keys ...string) string {
	for _, k := range keys {
		if v := attr(n, k); v != "" {
			return v
		}
	}
	return ""
}

// textOf returns the text inside n.
func textOf(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}
