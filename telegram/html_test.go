package telegram

import (
	"html"
	"strings"
	"testing"
)

func TestEscapeHTML(t *testing.T) {
	cases := []struct{ in, want string }{
		{`a < b && c > "d"`, "a &lt; b &amp;&amp; c &gt; &quot;d&quot;"},
		{"*bold* _it_ `code`", "*bold* _it_ `code`"}, // Markdown marks mean nothing in HTML mode
		{"&amp;", "&amp;amp;"},
		{"Кибератака — 🇦🇿", "Кибератака — 🇦🇿"},
		{"bad \xff", "bad \ufffd"},
	}
	for _, tc := range cases {
		got := EscapeHTML(tc.in)
		if got != tc.want {
			t.Errorf("EscapeHTML(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if err := checkHTML(got); err != nil {
			t.Errorf("EscapeHTML(%q) = %q, which Telegram refuses: %v", tc.in, got, err)
		}
	}
}

func TestFormatHelpers(t *testing.T) {
	cases := []struct{ got, want string }{
		{Bold("R&D <team>"), "<b>R&amp;D &lt;team&gt;</b>"},
		{Italic(`"quoted"`), "<i>&quot;quoted&quot;</i>"},
		{Code("a<b"), "<code>a&lt;b</code>"},
		{Link(`https://e.com/?q="x"&y=<1>`, "A & B"), `<a href="https://e.com/?q=&quot;x&quot;&amp;y=&lt;1&gt;">A &amp; B</a>`},
		{Link("", "no link <here>"), "no link &lt;here&gt;"},
		{Blockquote(Italic("q") + " " + Link("https://e.com", "[1]")), `<blockquote><i>q</i> <a href="https://e.com">[1]</a></blockquote>`},
	}
	for _, tc := range cases {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
		if err := checkHTML(tc.got); err != nil {
			t.Errorf("%q is refused: %v", tc.got, err)
		}
	}
}

func TestStripHTML(t *testing.T) {
	for _, in := range []string{
		`<b>Q&amp;A</b> &lt;x&gt; &quot;q&quot; &#8212; &#x1F600; <a href="https://e.com/?a=1&amp;b=2">link</a>`,
		"<blockquote expandable><i>Кибератака</i></blockquote>",
		"plain * text _ here",
	} {
		want := html.UnescapeString(tagRE.ReplaceAllString(in, ""))
		if got := StripHTML(in); got != want {
			t.Errorf("StripHTML(%q) = %q, want %q", in, got, want)
		}
	}
	// Lenient input reads as its text.
	if got := StripHTML("a < b & c <b>d"); got != "a < b & c d" {
		t.Errorf("StripHTML of loose input = %q", got)
	}
}

func BenchmarkSplitHTML(b *testing.B) {
	para := "<blockquote>" + EscapeHTML(strings.Repeat("A quoted sentence about the cyberattack & its aftermath. ", 6)) + ` <a href="https://kyivindependent.com/a">[1]</a></blockquote>`
	text := strings.Repeat(para+"\n\n", 100) // about 48 KB
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		SplitHTML(text, MaxMessageLength)
	}
}
