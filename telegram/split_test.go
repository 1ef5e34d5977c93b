package telegram

import (
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// The oracles below are written independently of the package's reader.

// units counts s as Telegram does: UTF-16 code units.
func units(s string) int { return len(utf16.Encode([]rune(s))) }

// tagsOf lists the tags of well-formed HTML s, honouring quoted attribute
// values; it fails the test on a '<' that does not start a tag.
func tagsOf(t testing.TB, s string) (names []string, closing []bool) {
	t.Helper()
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		j, quote := i+1, byte(0)
		for ; j < len(s); j++ {
			c := s[j]
			switch {
			case quote != 0 && c == quote:
				quote = 0
			case quote == 0 && (c == '"' || c == '\''):
				quote = c
			case quote == 0 && c == '>':
				goto done
			}
		}
		t.Fatalf("unterminated tag at %d in %q", i, s)
	done:
		tag := s[i+1 : j]
		cl := strings.HasPrefix(tag, "/")
		tag = strings.TrimPrefix(tag, "/")
		if k := strings.IndexAny(tag, " \t\n"); k >= 0 {
			tag = tag[:k]
		}
		names = append(names, strings.ToLower(tag))
		closing = append(closing, cl)
		i = j
	}
	return names, closing
}

// checkBalanced fails unless every tag in s is closed in order.
func checkBalanced(t testing.TB, s string) {
	t.Helper()
	names, closing := tagsOf(t, s)
	var stack []string
	for k, n := range names {
		if !closing[k] {
			stack = append(stack, n)
			continue
		}
		if len(stack) == 0 || stack[len(stack)-1] != n {
			t.Fatalf("closing </%s> does not match open %v in %q", n, stack, s)
		}
		stack = stack[:len(stack)-1]
	}
	if len(stack) > 0 {
		t.Fatalf("tags %v left open in %q", stack, s)
	}
}

var entityRE = regexp.MustCompile(`^&(lt|gt|amp|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});`)

// checkEntities fails on a '&' that does not start an entity Telegram knows.
func checkEntities(t testing.TB, s string) {
	t.Helper()
	for i := strings.IndexByte(s, '&'); i >= 0; {
		if !entityRE.MatchString(s[i:]) {
			t.Fatalf("broken entity at %d in %q", i, s)
		}
		k := strings.IndexByte(s[i+1:], '&')
		if k < 0 {
			break
		}
		i += 1 + k
	}
}

var loneJoinerRE = regexp.MustCompile(`(^|\s)\x{200d}|\x{200d}(\s|$)`)

var tagRE = regexp.MustCompile(`<[^>]*>`)

// visible is the text of well-formed HTML without quoted '>' in attributes.
func visible(s string) string { return html.UnescapeString(tagRE.ReplaceAllString(s, "")) }

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// checkParts asserts what a reader of the split message would check.
func checkParts(t testing.TB, in string, limit int, parts []string) {
	t.Helper()
	// A cut next to a zero-width joiner breaks an emoji, unless the input
	// had the joiner at the edge of a word already.
	joinsOK := !loneJoinerRE.MatchString(visible(in))
	var text strings.Builder
	for k, p := range parts {
		if n := units(p); n > limit {
			t.Fatalf("part %d has %d UTF-16 units, limit %d: %q", k, n, limit, p)
		}
		checkBalanced(t, p)
		checkEntities(t, p)
		v := visible(p)
		if strings.TrimSpace(v) == "" {
			t.Fatalf("part %d has no visible text: %q", k, p)
		}
		if joinsOK && (strings.HasPrefix(v, "\u200d") || strings.HasSuffix(v, "\u200d")) {
			t.Fatalf("part %d cuts a joined emoji: %q", k, v)
		}
		text.WriteString(v)
	}
	if got, want := noSpace(text.String()), noSpace(visible(in)); got != want {
		t.Fatalf("text of the parts differs from the input\n got %q\nwant %q", got, want)
	}
}

func paragraphs(n int, sentence string, perPara int) string {
	var ps []string
	for i := range n {
		var b strings.Builder
		for j := range perPara {
			if j > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, sentence, i, j)
		}
		ps = append(ps, b.String())
	}
	return strings.Join(ps, "\n\n")
}

func TestSplitHTML(t *testing.T) {
	long := paragraphs(30, "Paragraph %d sentence %d says something about the news.", 6)
	huge := paragraphs(1, "Sentence %d.%d of a single huge paragraph goes on and on!", 200)
	entities := strings.Repeat(`<b>Q&amp;A</b> &lt;tag&gt; <i>R&amp;D &quot;x&quot;</i> &#8212; <a href="https://e.com/?a=1&amp;b=2">link</a>. `, 120)
	cyrillic := paragraphs(12, "Абзац %d, предложение %d: журналисты задают вопросы о новостях.", 5)
	emoji := strings.Repeat("Новости 😀👍🏽 семья 👨‍👩‍👧 флаг 🇺🇦 конец. ", 150)
	link := `<a href="https://example.com/a?b=c&amp;d=e">` + strings.Repeat("a long linked text ", 400) + `</a>`
	quote := "<b>Answer.</b>\n\n<blockquote><i>" + strings.Repeat("Quoted words go here. ", 300) + "</i></blockquote>\n[1] source"
	word := strings.Repeat("x", 10000)

	cases := []struct {
		name  string
		in    string
		limit int
		check func(t *testing.T, parts []string)
	}{
		{name: "short", in: "<b>Hi</b> &amp; bye", limit: MaxMessageLength, check: func(t *testing.T, parts []string) {
			if len(parts) != 1 || parts[0] != "<b>Hi</b> &amp; bye" {
				t.Fatalf("got %q, want the input unchanged", parts)
			}
		}},
		{name: "blank", in: " \n\n <b> </b>", limit: MaxMessageLength, check: func(t *testing.T, parts []string) {
			if parts != nil {
				t.Fatalf("got %q, want nil", parts)
			}
		}},
		{name: "paragraphs", in: long, limit: MaxMessageLength, check: func(t *testing.T, parts []string) {
			if len(parts) < 3 {
				t.Fatalf("got %d parts of %d units, want several", len(parts), units(long))
			}
			for k, p := range parts {
				for _, para := range strings.Split(p, "\n\n") {
					if !strings.Contains(long, para) || !strings.HasPrefix(para, "Paragraph") || !strings.HasSuffix(para, "news.") {
						t.Fatalf("part %d holds a cut paragraph %q", k, para)
					}
				}
			}
		}},
		{name: "huge paragraph", in: huge, limit: MaxMessageLength, check: func(t *testing.T, parts []string) {
			for k, p := range parts {
				if !strings.HasPrefix(p, "Sentence") || !strings.HasSuffix(p, "on!") {
					t.Fatalf("part %d not cut at a sentence end: %q...%q", k, p[:20], p[len(p)-20:])
				}
			}
		}},
		{name: "entities and tags", in: entities, limit: 500},
		{name: "entities and tags small", in: entities, limit: MinSplitLimit},
		{name: "cyrillic", in: cyrillic, limit: 1000},
		{name: "emoji", in: emoji, limit: 100},
		{name: "dense emoji", in: strings.Repeat("😀👍🏽👨‍👩‍👧", 300), limit: 100, check: func(t *testing.T, parts []string) {
			if len(parts) < 30 {
				t.Fatalf("got %d parts; 3300 UTF-16 units need at least 33", len(parts))
			}
		}},
		{name: "link reopened", in: link, limit: MaxMessageLength, check: func(t *testing.T, parts []string) {
			for k, p := range parts {
				if !strings.HasPrefix(p, `<a href="https://example.com/a?b=c&amp;d=e">`) || !strings.HasSuffix(p, "</a>") {
					t.Fatalf("part %d does not carry the link: %q...", k, p[:60])
				}
			}
		}},
		{name: "block quote", in: quote, limit: 2000, check: func(t *testing.T, parts []string) {
			if parts[0] != "<b>Answer.</b>" && !strings.HasPrefix(parts[0], "<b>Answer.</b>\n\n<blockquote><i>Quoted") {
				t.Fatalf("first part %q", parts[0][:40])
			}
			for k, p := range parts[1 : len(parts)-1] {
				if !strings.HasPrefix(p, "<blockquote><i>") || !strings.HasSuffix(p, "</i></blockquote>") {
					t.Fatalf("part %d is not a whole quote: %q", k+1, p)
				}
			}
		}},
		{name: "one huge word", in: word, limit: MaxMessageLength, check: func(t *testing.T, parts []string) {
			if len(parts) != 3 || len(parts[0]) != MaxMessageLength {
				t.Fatalf("got %d parts, first of %d, want 3 filled parts", len(parts), len(parts[0]))
			}
		}},
		{name: "tag longer than the limit", in: `<a href="https://e.com/` + strings.Repeat("p", 100) + `">text</a> after`, limit: MinSplitLimit, check: func(t *testing.T, parts []string) {
			if len(parts) != 1 || parts[0] != "text after" {
				t.Fatalf("got %q, want the link dropped and its text kept", parts)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			parts := SplitHTML(tc.in, tc.limit)
			checkParts(t, tc.in, tc.limit, parts)
			if tc.check != nil {
				tc.check(t, parts)
			}
		})
	}
}

func TestSplitHTMLLenientInput(t *testing.T) {
	cases := []struct{ in, want string }{
		{"a < b && c > d", "a &lt; b &amp;&amp; c &gt; d"},
		{"<b>bold <i>both</b> plain</i>", "<b>bold <i>both</i></b> plain"},
		{"</b>stray<br/> close", "stray close"},
		{"<b>never closed", "<b>never closed</b>"},
		{"&nbsp;&#x1F600;&#0;&#xD800;", "&amp;nbsp;&#x1F600;&amp;#0;&amp;#xD800;"},
		{`<blockquote expandable>q</blockquote>`, `<blockquote expandable>q</blockquote>`},
		{"bad \xff byte", "bad \ufffd byte"},
	}
	for _, tc := range cases {
		got := SplitHTML(tc.in, MaxMessageLength)
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("SplitHTML(%q) = %q, want [%q]", tc.in, got, tc.want)
		}
	}
}

// TestSplitHTMLGolden shows where a realistic answer is cut; review the
// golden's diff after -update.
func TestSplitHTMLGolden(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "split", "answer.html"))
	if err != nil {
		t.Fatal(err)
	}
	parts := SplitHTML(string(src), 700)
	checkParts(t, string(src), 700, parts)
	var b strings.Builder
	for k, p := range parts {
		fmt.Fprintf(&b, "===== part %d: %d UTF-16 units\n%s\n", k+1, units(p), p)
	}
	golden := filepath.Join("testdata", "split", "answer.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("split differs from %s (run with -update and review the diff):\n%s", golden, b.String())
	}
}

func FuzzSplitHTML(f *testing.F) {
	f.Add("Hello <b>world</b>. Second &amp; third.\n\nNew paragraph.", 64)
	f.Add(`<a href="x>y">t</a><blockquote expandable><i>q&#128512;</i></blockquote>`, 70)
	f.Add("👨‍👩‍👧 Семья &lt;b&gt; "+strings.Repeat("w", 100), 64)
	f.Add("<pre><code class=\"language-go\">x := 1\n\ny := 2</code></pre>", 80)
	f.Fuzz(func(t *testing.T, in string, limit int) {
		limit = MinSplitLimit + int(uint(limit)%512)
		if len(in) > 20000 {
			return
		}
		parts := SplitHTML(in, limit)
		for k, p := range parts {
			if n := units(p); n > limit {
				t.Fatalf("part %d has %d units, limit %d", k, n, limit)
			}
			checkBalanced(t, p)
			checkEntities(t, p)
		}
		// The reader is the oracle for lenient input: no character lost.
		var got strings.Builder
		for _, p := range parts {
			got.WriteString(StripHTML(p))
		}
		if noSpace(got.String()) != noSpace(StripHTML(in)) {
			t.Fatalf("text lost:\n got %q\nwant %q", got.String(), StripHTML(in))
		}
		// Well-formed input, checked with the independent oracle.
		wf := "<b>" + EscapeHTML(in) + `</b> <a href="https://e.com/?q=` + EscapeHTML(in[:min(len(in), 8)]) + `">` + EscapeHTML(in) + "</a>"
		checkParts(t, wf, limit, SplitHTML(wf, limit))
	})
}
