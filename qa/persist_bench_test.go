package qa

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
)

// Benchmarks over a stored corpus and its index folder, named by
// NEWSDESK_BENCH_DB: a store made of real news text by cmd/newsgen and bot
// ingest (which also writes DB.index), for example
//
//	go run ./cmd/newsgen -n 100000 -out /tmp/n100k.jsonl.gz ../shared/bench/reuters21578.jsonl.gz ../shared/bench/bbc-news.jsonl.gz
//	go run ./cmd/bot ingest --db /tmp/n100k.db /tmp/n100k.jsonl.gz
//	NEWSDESK_BENCH_DB=/tmp/n100k.db go test ./qa -run '^$' -bench Stored -benchtime 1000x -count 5
//
// The questions are headlines of stored articles, every n-th, as a
// newsroom asks about a story it has.

// storedBench opens the store named by NEWSDESK_BENCH_DB, or skips.
func storedBench(b *testing.B) (*corpus.Store, string) {
	b.Helper()
	db := os.Getenv("NEWSDESK_BENCH_DB")
	if db == "" {
		b.Skip("NEWSDESK_BENCH_DB names no store")
	}
	st, err := corpus.Open(context.Background(), db)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st, db + ".index"
}

// headlines returns about n headlines spread over the store.
func headlines(b *testing.B, st *corpus.Store, n int) []string {
	b.Helper()
	var total int
	if err := st.DB().QueryRow("SELECT count(*) FROM documents").Scan(&total); err != nil {
		b.Fatal(err)
	}
	rows, err := st.DB().Query("SELECT title FROM documents WHERE id % ? = 0 AND title != '' ORDER BY id LIMIT ?", max(1, total/n), n)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			b.Fatal(err)
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		b.Fatal("no headlines")
	}
	return out
}

// BenchmarkStoredOpen measures opening the index folder of a store that
// added nothing since it was written: what every process pays at start.
func BenchmarkStoredOpen(b *testing.B) {
	st, dir := storedBench(b)
	for b.Loop() {
		ix, err := OpenIndex(context.Background(), dir, st, DefaultOptions())
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}

// BenchmarkStoredSearch measures searches over the opened index folder:
// "answer" is the retrieval an answer starts with (30 passages, at most 3
// a document), "command" the bot's /search (5 passages, one a document).
func BenchmarkStoredSearch(b *testing.B) {
	st, dir := storedBench(b)
	ix, err := OpenIndex(context.Background(), dir, st, DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	qs := headlines(b, st, 1000)
	for _, c := range []struct {
		name string
		o    SearchOptions
	}{{"answer", SearchOptions{K: 30, PerDoc: 3}}, {"command", SearchOptions{K: 5, PerDoc: 1}}} {
		b.Run(c.name, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			i := 0
			for b.Loop() {
				t0 := time.Now()
				ix.SearchWith(qs[i%len(qs)], c.o)
				lat = append(lat, time.Since(t0))
				i++
			}
			b.ReportMetric(float64(percentile(lat, 50).Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(percentile(lat, 99).Microseconds())/1000, "p99-ms")
		})
	}
}

// BenchmarkStoredAsk measures whole answers over the opened index folder,
// articles read from the store as quotes need them, and reports the
// process's peak resident memory.
func BenchmarkStoredAsk(b *testing.B) {
	st, dir := storedBench(b)
	ix, err := OpenIndex(context.Background(), dir, st, DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	a := NewAnswerer(ix, AnswerOptions{})
	qs := headlines(b, st, 1000)
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	quotes, i := 0, 0
	for b.Loop() {
		t0 := time.Now()
		ans, err := a.Ask(ctx, qs[i%len(qs)])
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		quotes += len(ans.Quotes)
		i++
	}
	b.ReportMetric(float64(percentile(lat, 50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(quotes)/float64(len(lat)), "quotes/op")
	b.ReportMetric(float64(peakRSS()>>20), "peak-RSS-MB")
}
