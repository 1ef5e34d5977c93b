package qa

import (
	"context"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
)

// TestAzerbaijaniUnstemmed stores articles in Azerbaijani, which Snowball
// cannot stem, beside English ones: they are indexed by their words as
// written (no English stemmer cutting them), found by a question in
// Azerbaijani, and quoted verbatim.
func TestAzerbaijaniUnstemmed(t *testing.T) {
	az := "Azərbaycan mediasına qarşı kiberhücum fevral ayında baş verib. " +
		"Hücum nəticəsində bir neçə xəbər saytı müvəqqəti olaraq işləməyib.\n\n" +
		"Milli Məclisin komissiyası hücumu Rusiya ilə əlaqəli qruplarla bağlayıb."
	en := "The port of Rotterdam reopened on Thursday after a two-day strike by dockworkers over the automation of cranes."
	var docs []*corpus.Document
	for i, body := range []string{az, en} {
		d, err := corpus.Parse(corpus.Source{Origin: "a.jsonl#" + string(rune('1'+i)), Line: i + 1, Content: body})
		if err != nil {
			t.Fatal(err)
		}
		d.ID, d.Seq = int64(i+1), int64(i+1)
		docs = append(docs, d)
	}
	if docs[0].Lang != "az" {
		t.Fatalf("language of the Azerbaijani article = %q, want az", docs[0].Lang)
	}
	if got := analyzerFor("az").stem; got != nil {
		t.Errorf("Azerbaijani words are stemmed; there is no Azerbaijani stemmer")
	}
	ix := NewIndex(DefaultOptions())
	ix.Add(docs...)
	ans, err := NewAnswerer(ix, AnswerOptions{}).Ask(context.Background(), "Kiberhücum nə vaxt baş verib?")
	if err != nil {
		t.Fatal(err)
	}
	want := "Azərbaycan mediasına qarşı kiberhücum fevral ayında baş verib."
	if ans.Abstained || len(ans.Quotes) == 0 || ans.Quotes[0].Text != want {
		t.Fatalf("answer %+v, want the quote %q first", ans.Quotes, want)
	}
	checkAttribution(t, ix, ans)
	for _, q := range ans.Quotes {
		if !strings.Contains(az, q.Text) {
			t.Errorf("quote %q is not in the Azerbaijani article", q.Text)
		}
	}
}
