package e2e

import (
	"context"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/qa"
	"github.com/newsdesk/newsdesk/sample"
	"github.com/newsdesk/newsdesk/telegram"
)

// seeds is the sample corpus in an in-memory store, indexed, with an
// answerer over it: what the bot answers from.
type seeds struct {
	store    *corpus.Store
	index    *qa.Index
	answerer *qa.Answerer
	docs     []*corpus.Document
}

func newSeeds(t testing.TB) *seeds {
	t.Helper()
	ctx := context.Background()
	store, err := corpus.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	sum, err := corpus.Ingest(ctx, store, corpus.SourcesFS(sample.FS, sample.Dir), corpus.IngestOptions{})
	if err != nil || sum.Added == 0 {
		t.Fatalf("ingest the seeds: %+v, %v", sum, err)
	}
	ix := qa.NewIndex(qa.DefaultOptions())
	if _, err := ix.Load(ctx, store); err != nil {
		t.Fatal(err)
	}
	s := &seeds{store: store, index: ix, answerer: qa.NewAnswerer(ix, qa.DefaultAnswerOptions())}
	for doc, err := range store.Documents(ctx, 0) {
		if err != nil {
			t.Fatal(err)
		}
		s.docs = append(s.docs, doc)
	}
	return s
}

// offsetKey is the setting the poller's offset is kept under.
const offsetKey = "telegram.offset"

// storeOffsets keeps the poller's offset in the corpus store's settings,
// as the bot does.
type storeOffsets struct{ s *corpus.Store }

func (o storeOffsets) Offset(ctx context.Context) (int, error) {
	v, ok, err := o.s.Value(ctx, offsetKey)
	if err != nil || !ok {
		return 0, err
	}
	return strconv.Atoi(v)
}

func (o storeOffsets) SetOffset(ctx context.Context, offset int) error {
	return o.s.SetValue(ctx, offsetKey, strconv.Itoa(offset))
}

var (
	blockquoteRE = regexp.MustCompile(`(?s)<blockquote[^>]*>(.*?)</blockquote>`)
	marksRE      = regexp.MustCompile(`(\s*\[\d+\])+\s*$`)
	hrefRE       = regexp.MustCompile(`<a href="([^"]*)"`)
)

// quotesIn returns the text of the block quotes of an answer in Telegram
// HTML, without their citation marks.
func quotesIn(answer string) []string {
	var quotes []string
	for _, m := range blockquoteRE.FindAllStringSubmatch(answer, -1) {
		q := marksRE.ReplaceAllString(telegram.StripHTML(m[1]), "")
		quotes = append(quotes, strings.TrimSpace(q))
	}
	return quotes
}

// linksIn returns the targets of the links in an answer.
func linksIn(answer string) []string {
	var links []string
	for _, m := range hrefRE.FindAllStringSubmatch(answer, -1) {
		links = append(links, html.UnescapeString(m[1]))
	}
	return links
}

// verbatim reports whether quote appears word for word in one of the
// documents' bodies (whitespace runs compared as one space).
func (s *seeds) verbatim(quote string) bool {
	q := strings.Join(strings.Fields(quote), " ")
	if q == "" {
		return false
	}
	for _, d := range s.docs {
		if strings.Contains(strings.Join(strings.Fields(d.Body), " "), q) {
			return true
		}
	}
	return false
}

// cites reports whether link is the URL of one of the documents.
func (s *seeds) cites(link string) bool {
	for _, d := range s.docs {
		if d.URL != "" && d.URL == link {
			return true
		}
	}
	return false
}

// opens reports whether link is the bot's deep link to a stored seed
// article ("https://t.me/BOT?start=src12" opens document 12,
// "…?start=src12_340-612" opens it at a quote), as answers link a source
// the corpus has no article URL for.
func (s *seeds) opens(link, deepLink string) bool {
	payload, ok := strings.CutPrefix(link, deepLink+"src")
	if !ok {
		return false
	}
	id, _, _ := strings.Cut(payload, "_")
	for _, d := range s.docs {
		if strconv.FormatInt(d.ID, 10) == id {
			return true
		}
	}
	return false
}
