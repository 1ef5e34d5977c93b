package corpus

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestParseFrontMatter shows which keys a front matter may use, what the
// body is after it, and how a wrong front matter is reported: by the line
// of the file at fault and, for a value, the key.
func TestParseFrontMatter(t *testing.T) {
	may2 := time.Date(2025, 5, 2, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, in string
		meta     Meta
		body     string
		err      string
	}{
		{name: "no front matter", in: "# Title\n\nText.\n", body: "# Title\n\nText.\n"},
		{name: "a rule later is not a front matter", in: "Text.\n---\ntitle: x\n---\n", body: "Text.\n---\ntitle: x\n---\n"},
		{name: "all keys",
			in: "---\ntitle: Lawmaker blames Russia\noutlet: The Kyiv Independent\nauthor: News desk\n" +
				"date: 2025-05-02\nurl: https://kyivindependent.com/a\nlang: en\ntags: [cyber]\n---\n# Heading\n\nText.\n",
			meta: Meta{Title: "Lawmaker blames Russia", Outlet: "The Kyiv Independent", Author: "News desk",
				Published: may2, URL: "https://kyivindependent.com/a", Lang: "en"},
			body: "# Heading\n\nText.\n"},
		{name: "other names for the keys",
			in:   "---\nTitle: \"Quoted: title\"\nsite: Caliber.Az\nauthors:\n  - A. One\n  - B. Two\npublished: 2025-05-02T23:30:00-05:00\nlink: https://caliber.az/x\nlanguage: RU\n---\nText.",
			meta: Meta{Title: "Quoted: title", Outlet: "Caliber.Az", Author: "A. One, B. Two", Published: may2, URL: "https://caliber.az/x", Lang: "ru"},
			body: "Text."},
		{name: "publisher, and the first of two names wins",
			in:   "---\npublisher: Report.Az\noutlet: Other\ndate: May 2, 2025\npublished: 2024-01-01\n---\nText.\n",
			meta: Meta{Outlet: "Report.Az", Published: may2}, body: "Text.\n"},
		{name: "Windows line ends and a byte-order mark",
			in:   utf8BOM + "---\r\ntitle: T\r\n---\r\nText.\r\n",
			meta: Meta{Title: "T"}, body: "Text.\r\n"},
		{name: "closed with dots, empty values",
			in:   "---\ntitle:\nauthor: ~\n...\nText.\n",
			body: "Text.\n"},
		{name: "empty front matter", in: "---\n---\nText.\n", body: "Text.\n"},
		{name: "only a comment", in: "---\n# draft\n---\n", body: ""},
		{name: "anchors and aliases",
			in:   "---\nsite: &s Baku.ws\noutlet: *s\n---\nText.\n",
			meta: Meta{Outlet: "Baku.ws"}, body: "Text.\n"},

		{name: "never closed", in: "---\ntitle: T\n\nText.\n",
			err: `line 1: front matter opened with "---" is never closed by a "---" line`},
		{name: "bad YAML", in: "---\ntitle: T\nauthor: A\n  outlet: O\n---\nText.\n",
			err: `line 4: front matter is not valid YAML: mapping values are not allowed in this context`},
		{name: "unclosed list", in: "---\ntitle: T\ntags: [a, b\n---\nText.\n",
			err: `line 3: front matter is not valid YAML: did not find expected ',' or ']'`},
		{name: "unclosed list on the first line", in: "---\ntags: [a, b\ntitle: T\n---\nText.\n",
			err: `line 2: front matter is not valid YAML: did not find expected ',' or ']'`},
		{name: "unclosed quote", in: "---\ntitle: T\nauthor: \"A\noutlet: O\n---\nText.\n",
			err: `line 3: front matter is not valid YAML: found unexpected end of stream`},
		{name: "colon in a value on the first line", in: "---\ntitle: Russia: a cyberattack\n---\nText.\n",
			err: `line 2: front matter is not valid YAML: mapping values are not allowed in this context`},
		{name: "unknown alias: the front matter as a whole", in: "---\ntitle: T\noutlet: *site\n---\nText.\n",
			err: `line 1: front matter is not valid YAML: unknown anchor 'site' referenced`},
		{name: "not key-value lines", in: "---\n- a\n- b\n---\nText.\n",
			err: `line 2: front matter must be "key: value" lines, such as "title: ..."`},
		{name: "bad date", in: "---\ntitle: T\ndate: 2025-02-30\n---\nText.\n",
			err: `line 3: field "date": cannot read date "2025-02-30": parsing time "2025-02-30": day out of range`},
		{name: "title is a list", in: "---\ntitle:\n  - a\n---\nText.\n",
			err: `line 3: field "title": want text, got a list`},
		{name: "author list of mappings", in: "---\nauthors:\n  - name: A\n---\nText.\n",
			err: `line 3: field "authors": want a list of names, got a mapping (key: value lines) in it`},
		{name: "a lone carriage return breaks a YAML line, not an editor's", in: "---\ntitle: T\rdate: nope\n---\nText.\n",
			err: `line 2: field "date": cannot read date "nope": write it as 2025-05-02 or 2025-05-02T20:27:00+03:00 (RFC 3339)`},
		{name: "language name", in: "---\nlang: English\n---\nText.\n",
			err: `line 2: field "lang": want a two-letter language code such as "en" or "ru", got "English"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			meta, body, err := ParseFrontMatter(tc.in)
			if tc.err != "" {
				var le *LoadError
				if !errors.As(err, &le) {
					t.Fatalf("error %v (%T), want a *LoadError", err, err)
				}
				if err.Error() != tc.err {
					t.Errorf("error\n\t%s\nwant\n\t%s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if meta != tc.meta {
				t.Errorf("meta %+v, want %+v", meta, tc.meta)
			}
			if body != tc.body {
				t.Errorf("body %q, want %q", body, tc.body)
			}
		})
	}
}

// FuzzParseFrontMatter: no input makes the parser panic; what it accepts
// leaves a body that is the end of the input and, from UTF-8 input, UTF-8
// metadata with a date at UTC midnight; what it refuses is a *LoadError on
// a line of the input.
func FuzzParseFrontMatter(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\ndate: 2025-05-02\nauthors: [a, b]\n---\nText.\n",
		"---\r\nsite: &s X\r\noutlet: *s\r\n...\r\nText.",
		"---\n- a\n---\n",
		"---\ntitle: [a\n---\n",
		"---\nlang: en-US\npublished: 1746217620\n---\n",
		"\xef\xbb\xbf---\n? [a]\n: b\n---\n",
		"---\ntitle: !!binary aGVsbG8=\n---\n",
	} {
		f.Add(s)
	}
	// Inputs that once made yaml.v3 panic (go-yaml/yaml issues 323, 665,
	// 666, 744, 833), inside a front matter.
	for _, s := range []string{"#\n - - QI\xd7", "0: [:!00 \xef", "! !00 \xf6", "#\n-\n-\n0",
		"\"\\0\\\r\n", " \ufeff\n", "? \ufeff: \ufeff\n", "0:\n  0: [0\n] 0", "{{},<<}"} {
		f.Add("---\n" + s + "\n---\nText.\n")
	}
	f.Fuzz(func(t *testing.T, in string) {
		meta, body, err := ParseFrontMatter(in)
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) || le.Line < 1 || le.Line > strings.Count(in, "\n")+1 {
				t.Fatalf("error %q (%T) does not name a line of the input", err, err)
			}
			return
		}
		if !strings.HasSuffix(in, body) {
			t.Fatalf("body %q is not the end of the input", body)
		}
		if !utf8.ValidString(in) {
			return
		}
		for _, s := range []string{body, meta.Title, meta.Outlet, meta.Author, meta.URL, meta.Lang} {
			if !utf8.ValidString(s) {
				t.Fatalf("%q is not UTF-8", s)
			}
		}
		if p := meta.Published; !p.IsZero() && !p.Equal(day(p)) {
			t.Fatalf("published %v is not a UTC midnight", p)
		}
	})
}
