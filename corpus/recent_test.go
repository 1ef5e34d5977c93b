package corpus

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestStoreRecent(t *testing.T) {
	ctx := context.Background()
	s, _ := openTestStore(t)
	if docs, err := s.Recent(ctx, 0, 10); err != nil || len(docs) != 0 {
		t.Fatalf("Recent of an empty store = %d documents, %v; want none, nil", len(docs), err)
	}
	const n = 23
	g := newArticleGen(5)
	for start := 0; start < n; start += 10 { // several batches
		var batch []*Document
		for i := start; i < min(start+10, n); i++ {
			body := fmt.Sprintf("Article %d. %s", i, g.sentence())
			batch = append(batch, &Document{Origin: fmt.Sprint(i), Title: fmt.Sprint("Title ", i), Body: body, Sentences: Split(body)})
		}
		mustAdd(t, s, batch...)
	}
	seqs := func(from, to int64) []int64 { // from down to to, inclusive
		var out []int64
		for q := from; q >= to; q-- {
			out = append(out, q)
		}
		return out
	}
	for _, c := range []struct {
		offset, limit int
		want          []int64
	}{
		{0, 5, seqs(23, 19)},
		{5, 5, seqs(18, 14)},
		{20, 5, seqs(3, 1)},
		{23, 5, nil},
		{100, 5, nil},
		{0, 100, seqs(23, 1)},
	} {
		docs, err := s.Recent(ctx, c.offset, c.limit)
		if err != nil {
			t.Fatalf("Recent(%d, %d): %v", c.offset, c.limit, err)
		}
		var got []int64
		for _, d := range docs {
			if d.Origin != fmt.Sprint(d.Seq-1) || d.Title != fmt.Sprint("Title ", d.Seq-1) || len(d.Sentences) == 0 {
				t.Errorf("Recent(%d, %d): seq %d read back as origin %q title %q with %d sentences",
					c.offset, c.limit, d.Seq, d.Origin, d.Title, len(d.Sentences))
			}
			got = append(got, d.Seq)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Recent(%d, %d) seqs = %v, want %v", c.offset, c.limit, got, c.want)
		}
	}
	for _, bad := range [][2]int{{-1, 5}, {0, 0}, {0, -3}} {
		if _, err := s.Recent(ctx, bad[0], bad[1]); err == nil {
			t.Errorf("Recent(%d, %d) succeeded, want an error", bad[0], bad[1])
		}
	}
}

// TestStoreRecentByDate: listings show the newest published first, whatever
// order the articles were added in, and undated ones after the dated.
func TestStoreRecentByDate(t *testing.T) {
	ctx := context.Background()
	s, _ := openTestStore(t)
	g := newArticleGen(7)
	var docs []*Document
	for _, day := range []string{"2026-03-03", "", "2026-03-05", "2025-12-31", "2026-03-04"} {
		body := fmt.Sprintf("Article of %q. %s", day, g.sentence())
		d := &Document{Origin: "day " + day, Title: day, Body: body, Sentences: Split(body)}
		if day != "" {
			d.Published, _ = time.Parse(time.DateOnly, day)
		}
		docs = append(docs, d)
	}
	mustAdd(t, s, docs...)
	got, err := s.Recent(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, d := range got {
		titles = append(titles, d.Title)
	}
	if want := []string{"2026-03-05", "2026-03-04", "2026-03-03", "2025-12-31", ""}; !slices.Equal(titles, want) {
		t.Errorf("Recent order %q, want %q", titles, want)
	}
}
