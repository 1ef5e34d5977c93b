package corpus

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// BenchmarkIngest ingests generated ~3 KB articles (one in ten a
// near-duplicate, one in 25 an exact repeat) through Parse into a new
// SQLite file per run, and reports articles per second and the peak Go
// heap and process RSS while it runs. The articles are generated as they
// are read, so a flat peak from 2k to 10k articles shows memory does not
// grow with the input. NEWSDESK_BENCH_ARTICLES sets other sizes
// ("2000,50000").
//
//	go test ./corpus -run '^$' -bench BenchmarkIngest -benchtime 1x -count 3
func BenchmarkIngest(b *testing.B) {
	for _, n := range benchSizes(b, "NEWSDESK_BENCH_ARTICLES", 2000, 10000) {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) { benchIngest(b, n, false) })
	}
}

// BenchmarkIngestLearn is BenchmarkIngest as bot ingest runs it by
// default: a first pass learns the paragraphs each outlet repeats
// (LearnBoilerplate), the second stores with them stripped. Both passes
// are timed.
//
//	go test ./corpus -run '^$' -bench BenchmarkIngestLearn -benchtime 1x -count 3
func BenchmarkIngestLearn(b *testing.B) {
	for _, n := range benchSizes(b, "NEWSDESK_BENCH_ARTICLES", 2000, 10000) {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) { benchIngest(b, n, true) })
	}
}

// benchIngest ingests n generated articles per iteration into a new file
// and reports rate, CPU and peak memory; learn adds the boilerplate pass.
func benchIngest(b *testing.B, n int, learn bool) {
	var bytes int64
	for src := range genSources(5, n) {
		bytes += int64(len(src.Content))
	}
	dir := b.TempDir()
	var elapsed, cpu time.Duration
	var peak memPeak
	run := 0
	for b.Loop() {
		path := filepath.Join(dir, fmt.Sprintf("run%d.db", run))
		run++
		s, err := Open(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		stop := peak.sample()
		start, cpu0 := time.Now(), cpuTime()
		var opts IngestOptions
		if learn {
			opts.Boilerplate = NewBoilerplate(3)
			if _, err := LearnBoilerplate(context.Background(), genSources(5, n), opts.Boilerplate, 0); err != nil {
				b.Fatal(err)
			}
		}
		sum, err := Ingest(context.Background(), s, genSources(5, n), opts)
		elapsed += time.Since(start)
		cpu += cpuTime() - cpu0
		stop()
		if err != nil || sum.Total() != n || sum.Failed != 0 {
			b.Fatalf("ingest: %+v, %v", sum, err)
		}
		s.Close()
		os.Remove(path)
	}
	b.ReportMetric(float64(n*run)/elapsed.Seconds(), "articles/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(n*run), "cpu-µs/article")
	b.ReportMetric(float64(bytes)/float64(n), "B/article")
	b.ReportMetric(float64(peak.heap)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(peak.rss)/(1<<20), "peak-rss-MB")
}

// BenchmarkAddBatch stores the same articles as BenchmarkIngest, parsed
// beforehand, in batches of 256: the store's share of ingestion (hash and
// near-duplicate lookups, MinHash, inserts, commits) without cleaning.
//
//	go test ./corpus -run '^$' -bench BenchmarkAddBatch -benchtime 1x -count 3
func BenchmarkAddBatch(b *testing.B) {
	for _, n := range benchSizes(b, "NEWSDESK_BENCH_ARTICLES", 2000, 10000) {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			var docs []*Document
			for src := range genSources(5, n) {
				d, err := Parse(src)
				if err != nil {
					b.Fatal(err)
				}
				docs = append(docs, d)
			}
			dir := b.TempDir()
			var elapsed, cpu time.Duration
			run := 0
			for b.Loop() {
				path := filepath.Join(dir, fmt.Sprintf("run%d.db", run))
				run++
				s, err := Open(context.Background(), path)
				if err != nil {
					b.Fatal(err)
				}
				start, cpu0 := time.Now(), cpuTime()
				for i := 0; i < len(docs); i += 256 {
					if _, err := s.AddBatch(context.Background(), docs[i:min(i+256, len(docs))]); err != nil {
						b.Fatal(err)
					}
				}
				elapsed += time.Since(start)
				cpu += cpuTime() - cpu0
				s.Close()
				os.Remove(path)
			}
			b.ReportMetric(float64(n*run)/elapsed.Seconds(), "articles/s")
			b.ReportMetric(float64(cpu.Microseconds())/float64(n*run), "cpu-µs/article")
		})
	}
}

// memPeak samples the Go heap in use and the process's resident memory.
type memPeak struct {
	mu        sync.Mutex
	heap, rss uint64
}

// sample records peaks every 10 ms until the returned stop is called.
func (p *memPeak) sample() (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			rss := residentBytes()
			p.mu.Lock()
			p.heap, p.rss = max(p.heap, ms.HeapInuse), max(p.rss, rss)
			p.mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// cpuTime returns the user and system CPU time the process has used: on a
// machine shared with other work it varies less than the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// residentBytes returns the process's resident set size (VmRSS), 0 where
// /proc is missing. It counts SQLite's page cache, which lives outside
// the Go heap.
func residentBytes() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseUint(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// benchSizes returns the sizes listed, comma-separated, in the
// environment variable env, or def when it is unset.
func benchSizes(b *testing.B, env string, def ...int) []int {
	v := os.Getenv(env)
	if v == "" {
		return def
	}
	var sizes []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			b.Fatalf("%s=%q: want sizes such as 2000,10000", env, v)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

// BenchmarkLoadDocuments reads every document with its sentences back
// from a store of generated ~3 KB articles, as the question index does at
// start. The sentences are cut at every ". " so each document has about as
// many (around 30) as a real article, whatever the splitter of the day.
// It reads 20,000 documents, since building the store takes most of the
// run; NEWSDESK_BENCH_DOCS=100000 measures the full size.
//
//	go test ./corpus -run '^$' -bench BenchmarkLoadDocuments -benchtime 3x
func BenchmarkLoadDocuments(b *testing.B) {
	for _, n := range benchSizes(b, "NEWSDESK_BENCH_DOCS", 20000) {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) { benchmarkLoad(b, n) })
	}
}

func benchmarkLoad(b *testing.B, n int) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "load.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	sentences := 0
	for start := 0; start < n; start += 1000 {
		var batch []*Document
		for i := start; i < min(start+1000, n); i++ {
			parts := genParts(6, i)
			body := strings.Join(parts.paras, "\n\n")
			d := &Document{Origin: fmt.Sprint(i), Title: parts.title, Body: body, Sentences: sentencesAtDots(body)}
			sentences += len(d.Sentences)
			batch = append(batch, d)
		}
		if _, err := s.AddBatch(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		got := 0
		for d, err := range s.Documents(ctx, 0) {
			if err != nil {
				b.Fatal(err)
			}
			got += len(d.Sentences)
		}
		if got != sentences {
			b.Fatalf("read %d sentences, stored %d", got, sentences)
		}
	}
	b.ReportMetric(float64(sentences)/float64(n), "sentences/doc")
	b.ReportMetric(float64(n)*float64(b.N)/time.Since(start).Seconds(), "docs/s")
}

// sentencesAtDots cuts body into sentences after every ". " and at
// paragraph ends.
func sentencesAtDots(body string) []Sentence {
	var ss []Sentence
	para, start := 0, 0
	for i := 0; i < len(body); i++ {
		switch {
		case strings.HasPrefix(body[i:], ". "):
			ss = append(ss, Sentence{Start: start, End: i + 1, Para: para})
			start = i + 2
		case strings.HasPrefix(body[i:], "\n\n"):
			ss = append(ss, Sentence{Start: start, End: i, Para: para})
			para++
			start = i + 2
		}
	}
	return append(ss, Sentence{Start: start, End: len(body), Para: para})
}
