package telegram

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// This file reads Telegram's HTML parse mode into a flat list of items that
// SplitHTML can cut between and StripHTML can flatten. The reader is lenient
// and normalising, because a split must never produce HTML that Telegram
// rejects even when the input is slightly wrong:
//
//   - A tag is '<', an optional '/', a name of ASCII letters, digits and '-',
//     attributes (name, name=value, name="value" or name='value') and '>'.
//     Anything else starting with '<' is text and is emitted as "&lt;"; a bare
//     '>' is emitted as "&gt;".
//   - Self-closing tags ("<br/>") are dropped: Telegram has no void tags.
//   - A closing tag closes the innermost open tag of the same name (case
//     insensitive), closing any tags opened inside it first; a closing tag
//     with no open partner is dropped; tags still open at the end are closed.
//     The resulting list is balanced and every open item knows its partner.
//   - Only the entities Telegram accepts are entities: &lt; &gt; &amp; &quot;
//     and numeric ones (&#8212; &#x2014;) naming a valid code point. Any other
//     '&' is text and is emitted as "&amp;".
//   - Invalid UTF-8 bytes become U+FFFD. A bare '&' in an attribute value
//     becomes "&amp;"; the rest of a tag is kept as written.

type itemKind uint8

const (
	atomItem  itemKind = iota // one character of text: a rune or an entity
	openItem                  // an opening tag
	closeItem                 // a closing tag
)

// item is one indivisible piece of the message source.
type item struct {
	kind  itemKind
	raw   string // source emitted for this item
	units int    // UTF-16 code units of raw
	r     rune   // the character an atom stands for
	name  string // lower-case tag name
	pair  int    // index of the partner tag
}

// space reports whether the item is breakable literal whitespace. Entities
// and no-break spaces are not.
func (it item) space() bool {
	if it.kind != atomItem || len(it.raw) == 0 || it.raw[0] == '&' {
		return false
	}
	if it.r < utf8.RuneSelf {
		return it.r == ' ' || (it.r >= '\t' && it.r <= '\r')
	}
	switch it.r {
	case '\u00a0', '\u2007', '\u202f', '\u2060', '\ufeff':
		return false
	}
	return unicode.IsSpace(it.r)
}

// glue reports whether the atom must stay with the character before it:
// combining marks, zero-width joiners and variation selectors.
func (it item) glue() bool {
	if it.kind != atomItem || it.r < 0x300 {
		return false // no mark or joiner below the combining diacriticals
	}
	return it.r == '\u200d' || unicode.Is(unicode.Mn, it.r) || unicode.Is(unicode.Me, it.r) ||
		unicode.Is(unicode.Variation_Selector, it.r) || (it.r >= 0x1f3fb && it.r <= 0x1f3ff)
}

// closeTag is the source that closes the open item.
func (it item) closeTag() string { return "</" + it.name + ">" }

// utf16Len counts s in UTF-16 code units, the unit Telegram measures in.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// tokenize reads s into a balanced list of items.
func tokenize(s string) []item {
	items := make([]item, 0, len(s))
	var open []int // indices of open items, innermost last
	closeAt := func(k int) {
		o := open[k]
		raw := items[o].closeTag()
		items[o].pair = len(items)
		items = append(items, item{kind: closeItem, raw: raw, units: len(raw), name: items[o].name, pair: o})
	}
	atom := func(raw string, r rune) {
		items = append(items, item{kind: atomItem, raw: raw, units: utf16Len(raw), r: r})
	}
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '<':
			name, closing, self, n := parseTag(s[i:])
			if n == 0 {
				atom("&lt;", '<')
				i++
				continue
			}
			raw := escapeBareAmp(s[i : i+n])
			i += n
			switch {
			case self:
			case closing:
				k := len(open) - 1
				for k >= 0 && items[open[k]].name != name {
					k--
				}
				if k < 0 {
					continue // stray closing tag
				}
				for j := len(open) - 1; j >= k; j-- {
					closeAt(j)
				}
				open = open[:k]
			default:
				open = append(open, len(items))
				items = append(items, item{kind: openItem, raw: raw, units: utf16Len(raw), name: name})
			}
		case '>':
			atom("&gt;", '>')
			i++
		case '&':
			if n, r := parseEntity(s[i:]); n > 0 {
				atom(s[i:i+n], r)
				i += n
			} else {
				atom("&amp;", '&')
				i++
			}
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				atom("\ufffd", r)
			} else {
				atom(s[i:i+size], r)
			}
			i += size
		}
	}
	for j := len(open) - 1; j >= 0; j-- {
		closeAt(j)
	}
	return items
}

// parseTag reads the tag at the start of s (which starts with '<') and
// returns its lower-case name, whether it closes or closes itself, and its
// length; n is 0 when s does not start with a well-formed tag.
func parseTag(s string) (name string, closing, self bool, n int) {
	i := 1
	if i < len(s) && s[i] == '/' {
		closing = true
		i++
	}
	start := i
	for i < len(s) && (isASCIILetter(s[i]) || (i > start && (s[i] == '-' || (s[i] >= '0' && s[i] <= '9')))) {
		i++
	}
	if i == start {
		return "", false, false, 0
	}
	name = strings.ToLower(s[start:i])
	for {
		sp := i
		for i < len(s) && isHTMLSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return "", false, false, 0
		}
		switch {
		case s[i] == '>':
			return name, closing, false, i + 1
		case s[i] == '/' && i+1 < len(s) && s[i+1] == '>' && !closing:
			return name, false, true, i + 2
		case closing || sp == i:
			return "", false, false, 0 // closing tags have no attributes; attributes need a space before them
		}
		a := i
		for i < len(s) && !isHTMLSpace(s[i]) && !strings.ContainsRune("=>/\"'<", rune(s[i])) {
			i++
		}
		if i == a {
			return "", false, false, 0
		}
		j := i
		for j < len(s) && isHTMLSpace(s[j]) {
			j++
		}
		if j >= len(s) || s[j] != '=' {
			continue // attribute without a value, as in <blockquote expandable>
		}
		i = j + 1
		for i < len(s) && isHTMLSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return "", false, false, 0
		}
		if q := s[i]; q == '"' || q == '\'' {
			end := strings.IndexByte(s[i+1:], q)
			if end < 0 {
				return "", false, false, 0
			}
			i += end + 2
			continue
		}
		v := i
		for i < len(s) && !isHTMLSpace(s[i]) && !strings.ContainsRune(">\"'<=`", rune(s[i])) {
			i++
		}
		if i == v {
			return "", false, false, 0
		}
	}
}

// escapeBareAmp replaces each '&' in the tag source that does not start an
// entity (as in href="?a=1&b=2") by "&amp;", since Telegram decodes entities
// in attribute values too.
func escapeBareAmp(tag string) string {
	if !strings.Contains(tag, "&") {
		return tag
	}
	var b strings.Builder
	for i := 0; i < len(tag); i++ {
		if tag[i] == '&' {
			if n, _ := parseEntity(tag[i:]); n == 0 {
				b.WriteString("&amp;")
				continue
			}
		}
		b.WriteByte(tag[i])
	}
	return b.String()
}

// parseEntity returns the length of the entity Telegram accepts at the start
// of s (which starts with '&') and the character it stands for; n is 0 when
// there is none.
func parseEntity(s string) (n int, r rune) {
	for _, e := range [...]struct {
		src string
		r   rune
	}{{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}} {
		if strings.HasPrefix(s, e.src) {
			return len(e.src), e.r
		}
	}
	if len(s) < 4 || s[1] != '#' {
		return 0, 0
	}
	i, base, maxDigits := 2, rune(10), 7
	if s[i] == 'x' || s[i] == 'X' {
		i, base, maxDigits = 3, 16, 6
	}
	start := i
	var v rune
	for i < len(s) && i-start < maxDigits {
		d := hexValue(s[i])
		if d < 0 || rune(d) >= base {
			break
		}
		v = v*base + rune(d)
		i++
	}
	if i == start || i >= len(s) || s[i] != ';' {
		return 0, 0
	}
	if v == 0 || v > unicode.MaxRune || (v >= 0xd800 && v <= 0xdfff) {
		return 0, 0
	}
	return i + 1, v
}

func hexValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func isASCIILetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
