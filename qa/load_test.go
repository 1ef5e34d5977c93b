package qa

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
)

// storeWith opens a store in a temporary folder and adds docs to it.
func storeWith(t *testing.T, docs ...*corpus.Document) *corpus.Store {
	t.Helper()
	ctx := context.Background()
	st, err := corpus.Open(ctx, filepath.Join(t.TempDir(), "news.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if len(docs) > 0 {
		if _, err := st.AddBatch(ctx, docs); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

var loadTopics = []string{
	"The port of Baku reopened after the storm damaged two cranes.",
	"Parliament approved the budget for schools and hospitals.",
	"A hacker group called APT29 attacked the servers of Report.Az.",
	"Farmers in the east lost the harvest to drought and heat.",
	"The central bank raised interest rates for the fifth time.",
}

func TestLoadFromStore(t *testing.T) {
	ctx := context.Background()
	var docs []*corpus.Document
	for i, s := range loadTopics {
		docs = append(docs, newDoc(0, fmt.Sprintf("Topic %d", i), []string{s, fmt.Sprintf("Story number %d ends here.", i)}))
	}
	st := storeWith(t, docs...)
	ix := NewIndex(DefaultOptions())
	n, err := ix.Load(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 || ix.Len() != 5 {
		t.Fatalf("loaded %d, Len %d; want 5", n, ix.Len())
	}
	hits := ix.Search("who attacked Report.Az", 1)
	if len(hits) != 1 || hits[0].Doc.ID == 0 || hitText(hits[0]) != loadTopics[2] {
		t.Fatalf("search after load: %+v", hits)
	}
	if got := ix.Doc(hits[0].Doc.ID); got != hits[0].Doc {
		t.Errorf("Doc(%d) is not the loaded document", hits[0].Doc.ID)
	}

	// A second Load reads only what was stored since.
	extra := newDoc(0, "Elections", []string{"Voters in Ganja elected a new mayor on Sunday."})
	if _, err := st.AddBatch(ctx, []*corpus.Document{extra}); err != nil {
		t.Fatal(err)
	}
	if n, err = ix.Load(ctx, st); err != nil || n != 1 {
		t.Fatalf("second Load added %d (err %v), want 1", n, err)
	}
	if ix.Len() != 6 || len(ix.Search("mayor Ganja", 1)) != 1 {
		t.Errorf("the newly stored document is not found (Len %d)", ix.Len())
	}
	if ix.Seq() != extra.Seq {
		t.Errorf("Seq = %d, want %d", ix.Seq(), extra.Seq)
	}
}

func TestLoadStopsWithContext(t *testing.T) {
	var docs []*corpus.Document
	for i := range 1200 {
		docs = append(docs, newDoc(0, "", []string{fmt.Sprintf("Report %d on topic %d with number %d.", i, i*7, i*13)}))
	}
	st := storeWith(t, docs...)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := NewIndex(DefaultOptions()).Load(ctx, st)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Load with a cancelled context: err = %v, want context.Canceled", err)
	}
}
