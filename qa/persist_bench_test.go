package qa

import (
	"context"
	"os"
	"runtime"
	"sync/atomic"
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
// "answer" is the retrieval an answer starts with (the best passage of
// each of 10 documents), "command" the bot's /search (5 passages, one a
// document),
// one at a time; "command-4-at-once" the same four at a time, reported as
// questions a second.
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
	}{{"answer", SearchOptions{K: DefaultAnswerOptions().Documents, PerDoc: 1}}, {"command", SearchOptions{K: 5, PerDoc: 1}}} {
		b.Run(c.name, func(b *testing.B) {
			var l latencies
			i := 0
			for b.Loop() {
				m := l.start()
				ix.SearchWith(qs[i%len(qs)], c.o)
				l.stop(m)
				i++
			}
			l.report(b)
		})
	}
	// Several chats at once: four /search commands in flight on the two
	// CPUs, what a split search must not make slower in all.
	b.Run("command-4-at-once", func(b *testing.B) {
		var next atomic.Int64
		b.SetParallelism(max(1, 4/runtime.GOMAXPROCS(0)))
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				ix.SearchWith(qs[int(next.Add(1))%len(qs)], SearchOptions{K: 5, PerDoc: 1})
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "questions/s")
	})
}

// BenchmarkStoredAsk measures whole answers over the opened index folder,
// articles read from the store as quotes need them, and reports the
// process's peak resident memory and, at the end, how much of what is
// resident is its own (anon-MB) and how much pages of mapped files, the
// index's (mapped-MB): those are the kernel's page cache, shared, and
// dropped under memory pressure.
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
	var l latencies
	quotes, i := 0, 0
	for b.Loop() {
		m := l.start()
		ans, err := a.Ask(ctx, qs[i%len(qs)])
		if err != nil {
			b.Fatal(err)
		}
		l.stop(m)
		quotes += len(ans.Quotes)
		i++
	}
	l.report(b)
	b.ReportMetric(float64(quotes)/float64(len(l.wall)), "quotes/op")
	b.ReportMetric(float64(peakRSS()>>20), "peak-RSS-MB")
	b.ReportMetric(float64(procStatus("RssAnon")>>20), "anon-MB")
	b.ReportMetric(float64(procStatus("RssFile")>>20), "mapped-MB")
}

// latencies records each question's wall time and, apart, the CPU time
// it used (on every thread: a split search runs on two) and whether it
// waited for a page of the index to be read
// from disk: on a machine whose page cache does not hold the whole index,
// the wall time's tail is the disk's, the CPU time's the walk's.
type latencies struct {
	wall, cpu []time.Duration
	faulted   int // questions that took a major page fault
}

// mark is where a question started.
type mark struct {
	t0     time.Time
	cpu0   time.Duration
	fault0 int64
}

func (l *latencies) start() mark {
	cpu, faults := processUsage()
	return mark{time.Now(), cpu, faults}
}

func (l *latencies) stop(m mark) {
	wall := time.Since(m.t0)
	cpu, faults := processUsage()
	l.wall = append(l.wall, wall)
	l.cpu = append(l.cpu, cpu-m.cpu0)
	if faults > m.fault0 {
		l.faulted++
	}
}

// report adds the percentiles, wall and CPU, and the share of questions
// that read from disk.
func (l *latencies) report(b *testing.B) {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(percentile(l.wall, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(l.wall, 99)), "p99-ms")
	b.ReportMetric(ms(percentile(l.cpu, 50)), "cpu-p50-ms")
	b.ReportMetric(ms(percentile(l.cpu, 99)), "cpu-p99-ms")
	b.ReportMetric(100*float64(l.faulted)/float64(len(l.wall)), "%faulted")
}
