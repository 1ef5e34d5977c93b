package newsgen

import (
	"os"
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
)

// TestArticlesAreRealTextVaried: articles are made of the archive's
// sentences, parse as articles, and the same index gives the same article.
func TestArticlesAreRealTextVaried(t *testing.T) {
	const archive = "../../../shared/bench/bbc-news.jsonl.gz"
	if _, err := os.Stat(archive); err != nil {
		t.Skip("no ../shared/bench beside the repository")
	}
	p, err := Load(1, archive)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		a, b := p.Article(i), p.Article(i)
		if a.Content != b.Content || a.Meta != b.Meta {
			t.Fatalf("article %d differs between two calls", i)
		}
		d, err := corpus.Parse(a)
		if err != nil {
			t.Fatalf("article %d does not parse: %v", i, err)
		}
		if len(d.Sentences) < 3 || d.Title == "" || d.Published.IsZero() {
			t.Errorf("article %d: %d sentences, title %q, date %v", i, len(d.Sentences), d.Title, d.Published)
		}
	}
	if p.Article(1).Content == p.Article(2).Content {
		t.Error("two articles are the same")
	}
}
