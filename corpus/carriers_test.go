package corpus

import (
	"context"
	"slices"
	"testing"
	"time"
)

// TestCarriers stores one text from three outlets in every reading order:
// the earliest published is the document, the others its carriers, each
// once however often they are read again; an outlet's own second filing
// of the text is not a carrier.
func TestCarriers(t *testing.T) {
	const body = "About 4,000 dockworkers joined the strike, union spokesman Niek Stam told reporters."
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
	docs := func() []*Document {
		return []*Document{
			{Origin: "courant.md", Outlet: "Haven Courant", Published: day(4), URL: "https://courant.example/a", Body: body},
			{Origin: "wire.md", Outlet: "NL Times Wire", Published: day(3), URL: "https://wire.example/a", Body: body},
			{Origin: "blog.md", Outlet: "Port Blog", Body: body},
			{Origin: "wire-again.md", Outlet: "NL Times Wire", Published: day(3), Body: body},
		}
	}
	for _, order := range [][]int{{0, 1, 2, 3}, {1, 0, 2, 3}, {2, 3, 0, 1}, {3, 2, 1, 0}} {
		st, _ := openTestStore(t)
		ctx := context.Background()
		for pass := range 2 {
			all := docs()
			for _, i := range order {
				d := all[i]
				d.Sentences = Split(d.Body)
				if _, err := st.AddBatch(ctx, []*Document{d}); err != nil {
					t.Fatal(err)
				}
			}
			if n, _ := st.Count(ctx); n != 1 {
				t.Fatalf("order %v pass %d: %d documents stored, want 1", order, pass, n)
			}
		}
		got, err := st.Document(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if got.Outlet != "NL Times Wire" || !got.Published.Equal(day(3)) {
			t.Errorf("order %v: document is %s of %v, want the earliest, NL Times Wire of March 3", order, got.Outlet, got.Published)
		}
		var outlets []string
		for _, c := range got.Carriers {
			outlets = append(outlets, c.Outlet)
		}
		slices.Sort(outlets)
		if !slices.Equal(outlets, []string{"Haven Courant", "Port Blog"}) {
			t.Errorf("order %v: carriers %q, want Haven Courant and Port Blog once each", order, outlets)
		}
	}
}
