package digest

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/sample"
	"github.com/newsdesk/newsdesk/telegram"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run with -update and review the diff):\n%s", path, got)
	}
}

// ingestSeeds stores the five sample articles through the real ingester.
func ingestSeeds(t *testing.T, store *corpus.Store) {
	t.Helper()
	sum, err := corpus.Ingest(context.Background(), store, corpus.SourcesFS(sample.FS, sample.Dir), corpus.IngestOptions{Workers: 1})
	if err != nil || sum.Failed > 0 || sum.Added+sum.Duplicates != 5 {
		t.Fatalf("ingest seeds: %+v, %v", sum, err)
	}
}

var blockquote = regexp.MustCompile(`(?s)<blockquote>(.*?)</blockquote>`)

// checkQuotes checks that every quote in the HTML parts is text of a
// stored document, verbatim, and returns how many there are.
func checkQuotes(t *testing.T, store *corpus.Store, parts []string) int {
	t.Helper()
	var bodies []string
	for doc, err := range store.Documents(context.Background(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, doc.Body)
	}
	n := 0
	for _, p := range parts {
		for _, m := range blockquote.FindAllStringSubmatch(p, -1) {
			for _, piece := range strings.Split(telegram.StripHTML(m[1]), " … ") {
				n++
				found := false
				for _, b := range bodies {
					found = found || strings.Contains(b, piece)
				}
				if !found {
					t.Errorf("quote not in any document: %q", piece)
				}
			}
		}
	}
	return n
}

func TestDigestOfSeeds(t *testing.T) {
	e := newEnv(t, Options{})
	ingestSeeds(t, e.store)
	c, err := e.svc.compose(t.Context(), 0, 5, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.articles != 5 || c.stories != 3 || len(c.parts) != 1 {
		t.Errorf("seeds digest: %d articles in %d stories, %d parts; want 5 in 3, 1 part", c.articles, c.stories, len(c.parts))
	}
	text := telegram.StripHTML(strings.Join(c.parts, "\n"))
	// The lawmaker's accusation, reported by three outlets, is one entry.
	if !strings.Contains(text, "Also reported by") || strings.Count(text, "Also reported by") != 1 {
		t.Errorf("want exactly one story with other reports:\n%s", text)
	}
	for _, title := range []string{"media union calls for civil protest", "Who declared a large-scale cyberwar"} {
		if !strings.Contains(text, title) {
			t.Errorf("story %q missing", title)
		}
	}
	if n := checkQuotes(t, e.store, c.parts); n < 3 {
		t.Errorf("%d quotes, want one per story at least", n)
	}
	// The date undated articles were added is today's: not golden.
	added := regexp.MustCompile(`added \d+ \w+ \d+`)
	golden(t, "seeds.golden", added.ReplaceAllString(strings.Join(c.parts, "\n---- next message ----\n"), "added DATE")+"\n")
}

func TestNearDuplicateOnce(t *testing.T) {
	e := newEnv(t, Options{})
	orig := article(1, "Courier")
	cp := article(1, "Gazette")
	cp.Body += " Reporting by the Gazette."
	cp.Sentences, cp.Hash = corpus.Split(cp.Body), corpus.ContentHash(cp.Body)
	other := article(2, "Courier")
	e.add(orig, cp, other)
	if cp.DuplicateOf != orig.ID {
		t.Fatalf("the copy was not stored as a near-duplicate: DuplicateOf = %d", cp.DuplicateOf)
	}
	parts, err := e.svc.compose(t.Context(), 0, 3, "")
	if err != nil {
		t.Fatal(err)
	}
	text := telegram.StripHTML(strings.Join(parts.parts, "\n"))
	if got := reports([]string{text}); len(got) != 2 {
		t.Errorf("reports listed %v, want 1 and 2 once each:\n%s", got, text)
	}
	if want := "Also reported by Gazette (/source 2)"; !strings.Contains(text, want) {
		t.Errorf("missing %q:\n%s", want, text)
	}
	if !strings.Contains(text, "3 new articles in 2 stories") {
		t.Errorf("heading does not count the copy:\n%s", text)
	}

	// A copy of an article the subscriber already had is not news.
	late := article(2, "Herald")
	late.Body += " Reporting by the Herald."
	late.Sentences, late.Hash = corpus.Split(late.Body), corpus.ContentHash(late.Body)
	e.add(late)
	if c, err := e.svc.compose(t.Context(), 3, 4, ""); err != nil || c.parts != nil {
		t.Errorf("digest of a late copy = %q, %v; want none", c.parts, err)
	}
}

func TestDigestEscapesCorpusText(t *testing.T) {
	e := newEnv(t, Options{})
	d := article(1, "A&B <News>")
	d.Title = `Report 1: <script>alert("x")</script> & *bold*`
	d.Body = "Officials said the <b>budget</b> would grow by 5 % & more, as *planned* in Arlen1. " + d.Body
	d.Sentences, d.Hash = corpus.Split(d.Body), corpus.ContentHash(d.Body)
	e.add(d)
	e.subscribe(7, "")
	if _, err := e.store.AddBatch(t.Context(), []*corpus.Document{article(2, "Courier")}); err != nil {
		t.Fatal(err)
	}
	preview, err := e.svc.Preview(t.Context(), 7)
	if err != nil || len(preview) != 1 {
		t.Fatalf("Preview = %d parts, %v", len(preview), err)
	}
	// The mock refuses invalid Telegram HTML, as Telegram does.
	if err := (TelegramSender{e.client}).SendHTMLPart(t.Context(), 7, mustCompose(t, e, 0, 2)[0]); err != nil {
		t.Fatalf("Telegram refused the digest: %v", err)
	}
	text := e.sent(7)[0]
	for _, want := range []string{`<script>alert("x")</script> & *bold*`, "A&B <News>", "the <b>budget</b> would grow by 5 % & more, as *planned*"} {
		if !strings.Contains(text, want) {
			t.Errorf("reader does not see %q in:\n%s", want, text)
		}
	}
}

func mustCompose(t *testing.T, e *env, from, to int64) []string {
	t.Helper()
	c, err := e.svc.compose(t.Context(), from, to, "")
	if err != nil {
		t.Fatal(err)
	}
	return c.parts
}

func TestLongDigestSplits(t *testing.T) {
	e := newEnv(t, Options{MaxItems: 25})
	e.add(articles(1, 41)...)
	parts := mustCompose(t, e, 0, 40)
	if len(parts) < 2 {
		t.Fatalf("40 articles fit in %d message; want a split", len(parts))
	}
	for i, p := range parts {
		if n := len(utf16.Encode([]rune(p))); n > telegram.MaxMessageLength {
			t.Errorf("part %d is %d UTF-16 units long", i+1, n)
		}
		if err := (TelegramSender{e.client}).SendHTMLPart(t.Context(), 7, p); err != nil {
			t.Errorf("part %d refused: %v", i+1, err)
		}
	}
	got := reports(e.sent(7))
	if len(got) != 25 || got[0] != 40 || got[24] != 16 {
		t.Errorf("stories listed %v; want reports 40 down to 16, newest first, each once", got)
	}
	last := e.sent(7)[len(parts)-1]
	if !strings.Contains(last, "15 more stories not shown") {
		t.Errorf("last part does not count the stories left out:\n%s", last)
	}
}

// TestSyndicatedStoryOnce checks that a story two outlets printed word for
// word is one item of the digest, naming both, and that a carrier recorded
// after the digest went out does not send the story again.
func TestSyndicatedStoryOnce(t *testing.T) {
	e := newEnv(t, Options{})
	orig := article(1, "Courier")
	carrier := article(1, "Gazette")
	carrier.Origin = "gazette/1.txt"
	e.add(orig, carrier)
	text := telegram.StripHTML(strings.Join(mustCompose(t, e, 0, 1), "\n"))
	if got := reports([]string{text}); len(got) != 1 {
		t.Errorf("reports listed %v, want the story once:\n%s", got, text)
	}
	if want := "Also carried word for word by Gazette"; !strings.Contains(text, want) {
		t.Errorf("missing %q:\n%s", want, text)
	}
	late := article(1, "Herald")
	late.Origin = "herald/1.txt"
	e.add(late)
	if c, err := e.svc.compose(t.Context(), 1, 1, ""); err != nil || c.parts != nil {
		t.Errorf("digest after a late carrier = %q, %v; want none", c.parts, err)
	}
}

// TestUpdateToAnEarlierStory: the lawmaker's accusation (seed 000) went
// out in one digest; a later report of it (seed 001) is an update to that
// story in the next, and the union's protest call (seed 002), another
// story, is not.
func TestUpdateToAnEarlierStory(t *testing.T) {
	e := newEnv(t, Options{})
	var seeds []*corpus.Document
	for src, err := range corpus.SourcesFS(sample.FS, sample.Dir) {
		if err != nil {
			t.Fatal(err)
		}
		d, err := corpus.Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, d)
	}
	e.add(seeds[0])
	if first := telegram.StripHTML(strings.Join(mustCompose(t, e, 0, 1), "\n")); strings.Contains(first, "An update") {
		t.Errorf("the first digest calls its story an update:\n%s", first)
	}
	e.add(seeds[1])
	e.add(seeds[2])
	text := telegram.StripHTML(strings.Join(mustCompose(t, e, 1, 3), "\n"))
	i := strings.Index(text, seeds[1].Title)
	if i < 0 {
		t.Fatalf("the later report is not listed:\n%s", text)
	}
	if !strings.Contains(text[i:], "An update: new in this story since") || strings.Index(text[i:], "An update") > len(seeds[1].Title)+2 {
		t.Errorf("the later report of the accusation is not marked as an update:\n%s", text)
	}
	j := strings.Index(text, seeds[2].Title)
	if j < 0 || strings.HasPrefix(strings.TrimSpace(text[j+len(seeds[2].Title):]), "An update") {
		t.Errorf("the protest call, another story, is marked as an update:\n%s", text)
	}
}

// TestDigestNarrowedToAQuery: a subscription on a query gets only the
// articles that match it (all its words in one paragraph), under a heading
// that names it; another subscriber in the same pass gets everything.
func TestDigestNarrowedToAQuery(t *testing.T) {
	e := newEnv(t, Options{})
	if err := e.svc.Subscribe(t.Context(), 7, "desk", "", "Rotterdam strike"); err != nil {
		t.Fatal(err)
	}
	e.subscribe(8, "")
	mk := func(origin, title, body string) *corpus.Document {
		return &corpus.Document{Origin: origin, Title: title, Outlet: "Port Courier", Lang: "en", Body: body,
			Sentences: corpus.Split(body), Hash: corpus.ContentHash(body)}
	}
	e.add(mk("a.md", "Rotterdam port strike", "Dockworkers in Rotterdam went on strike on Tuesday over crane automation."),
		mk("b.md", "Harbour reopens", "The harbour of Harwich reopened after repairs on Monday."))
	narrowed, err := e.svc.Preview(t.Context(), 7)
	if err != nil {
		t.Fatal(err)
	}
	all, err := e.svc.Preview(t.Context(), 8)
	if err != nil {
		t.Fatal(err)
	}
	n, a := telegram.StripHTML(strings.Join(narrowed, "\n")), telegram.StripHTML(strings.Join(all, "\n"))
	if !strings.Contains(n, "News digest on “Rotterdam strike”: 1 new article") || !strings.Contains(n, "Rotterdam port strike") || strings.Contains(n, "Harbour reopens") {
		t.Errorf("the narrowed digest:\n%s", n)
	}
	if !strings.Contains(a, "Rotterdam port strike") || !strings.Contains(a, "Harbour reopens") {
		t.Errorf("the digest of everything:\n%s", a)
	}
}
