package digest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/sample"
)

// similarity is the Jaccard similarity of two name sets and how many
// names they share.
func similarity(a, b map[string]bool) (float64, int) {
	shared := 0
	for n := range a {
		if b[n] {
			shared++
		}
	}
	if u := len(a) + len(b) - shared; u > 0 {
		return float64(shared) / float64(u), shared
	}
	return 0, 0
}

// TestSameStory measures the same-story rule (story.go) on the seeds and
// on qa's BEIR news set, and checks that it groups what it should.
func TestSameStory(t *testing.T) {
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
	// The three reports of the lawmaker's accusation (000, 001, 003) are
	// one story; the union's protest call (002) and the February analysis
	// (004) are stories of their own.
	story := []int{0, 0, 1, 0, 2}
	for i := range seeds {
		for j := i + 1; j < len(seeds); j++ {
			a, b := names(seeds[i]), names(seeds[j])
			sim, shared := similarity(a, b)
			t.Logf("seeds %s ~ %s: jaccard %.2f, %d shared names", path.Base(seeds[i].Origin)[:3], path.Base(seeds[j].Origin)[:3], sim, shared)
			if got, want := sameStoryAs(a, b), story[i] == story[j]; got != want {
				t.Errorf("seeds %d and %d: same story %v, want %v", i, j, got, want)
			}
		}
	}

	// BEIR news: short articles in topics named by their id's letters
	// (cyb1, cyb2, … vol1, …). No two of different topics are one story.
	f, err := os.Open("../qa/testdata/beir/news/corpus.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []*corpus.Document
	var topic []string
	for sc := bufio.NewScanner(f); sc.Scan(); {
		var r struct {
			ID          string `json:"_id"`
			Title, Text string
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		d, err := corpus.Parse(corpus.Source{Origin: r.ID, Content: r.Text, Meta: corpus.Meta{Title: r.Title, Lang: "en"}})
		if err != nil {
			t.Fatalf("%s: %v", r.ID, err)
		}
		docs = append(docs, d)
		topic = append(topic, strings.TrimRight(r.ID, "0123456789"))
	}
	worst, worstPair, grouped := 0.0, "", 0
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			a, b := names(docs[i]), names(docs[j])
			same := sameStoryAs(a, b)
			if topic[i] == topic[j] {
				grouped += b2i(same)
				continue
			}
			if sim, shared := similarity(a, b); shared >= sameStoryShared && sim > worst {
				worst, worstPair = sim, docs[i].Origin+"~"+docs[j].Origin
			}
			if same {
				t.Errorf("BEIR %s and %s, of different topics, are one story", docs[i].Origin, docs[j].Origin)
			}
		}
	}
	t.Logf("BEIR: %d articles; highest jaccard across topics with %d shared names: %.2f (%s); same-topic pairs grouped: %d",
		len(docs), sameStoryShared, worst, worstPair, grouped)

	// The generated test articles are all stories of their own.
	for i := 1; i < 60; i++ {
		for j := i + 1; j < 60; j++ {
			if sameStoryAs(names(article(i, "A")), names(article(j, "A"))) {
				t.Errorf("generated articles %d and %d are one story", i, j)
			}
		}
	}
}

func TestKeySentences(t *testing.T) {
	for _, c := range []struct {
		body string
		want []string
	}{
		{"Short dateline.\n\nThe mayor of Arlen said on Monday that the new bridge would open in May, a year late. She blamed the contractor.",
			[]string{"The mayor of Arlen said on Monday that the new bridge would open in May, a year late."}},
		{"The mayor of Arlen said on Monday that the bridge would open in May. The contractor, who was not named, declined to comment on the delay.",
			[]string{"The mayor of Arlen said on Monday that the bridge would open in May.", "The contractor, who was not named, declined to comment on the delay."}},
		{"Tiny.", []string{"Tiny."}},
		{"", nil},
	} {
		doc := &corpus.Document{Body: c.body, Sentences: corpus.Split(c.body)}
		var got []string
		for _, s := range keySentences(doc) {
			got = append(got, doc.Text(s))
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("keySentences(%q) = %q, want %q", c.body, got, c.want)
		}
	}
}
