package qa

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/sample"
)

// Benchmarks over 100,000 generated articles. Run them alone, once:
//
//	go test ./qa -run '^$' -bench 100k -benchtime 200x -count 3
//
// The generator is deterministic: a vocabulary of 5,000 made-up words
// (with English endings, so stemming has work to do) drawn by a Zipf law,
// English stop words between them as in real text, and 3,000 named
// entities of the kinds news carries — people, code names like "APT29",
// sites like "Report.Az", flight numbers like "J2-8243" — each article
// about 20 sentences in paragraphs of 3 to 5.

const (
	benchDocs     = 100_000
	benchVocab    = 5_000
	benchEntities = 3_000
	benchQueries  = 1_000
)

// genCorpus is a generated corpus and questions about it.
type genCorpus struct {
	docs    []*corpus.Document
	queries []string
	heap    uint64 // live heap bytes after generating, before any index
}

// bench100k is built once per test process, on first use.
var bench100k = sync.OnceValue(func() *genCorpus { return generate(benchDocs, 1) })

// benchIndex100k is the index of bench100k, built once on first use.
// A collection follows, so that searches are measured in the steady state
// of a server rather than under the collector's first sweep of the build.
var benchIndex100k = sync.OnceValue(func() *Index {
	ix := NewIndex(DefaultOptions())
	ix.Add(bench100k().docs...)
	runtime.GC()
	return ix
})

var (
	stopFill = strings.Fields("the the the of of and and to to in in a a was is that for on with as by at from it said has were")
	qWords   = strings.Fields("who what when where why how which")
	syll     = strings.Fields("ba ko ru mi ta len dor vi sa pe lo ga nu ter ris al on ka zu fe")
	endings  = []string{"", "", "", "s", "ed", "ing", "ion", "er", "ly"}
)

// generate makes n articles and benchQueries questions from seed.
func generate(n int, seed uint64) *genCorpus {
	r := rand.New(rand.NewPCG(seed, 0x6e657773))
	vocab := make([]string, benchVocab)
	seen := map[string]bool{}
	for i := range vocab {
		for {
			var b strings.Builder
			for range 2 + r.IntN(3) {
				b.WriteString(syll[r.IntN(len(syll))])
			}
			b.WriteString(endings[r.IntN(len(endings))])
			if w := b.String(); !seen[w] {
				seen[w] = true
				vocab[i] = w
				break
			}
		}
	}
	entities := make([]string, benchEntities)
	for i := range entities {
		a, b := vocab[r.IntN(len(vocab))], vocab[r.IntN(len(vocab))]
		switch i % 4 {
		case 0:
			entities[i] = capital(a) + " " + capital(b)
		case 1:
			entities[i] = fmt.Sprintf("%s%d", strings.ToUpper(a[:min(3, len(a))]), 10+i%90)
		case 2:
			entities[i] = capital(a) + "." + capital(b[:2])
		default:
			entities[i] = fmt.Sprintf("%c%d-%04d", 'A'+rune(i%26), i%10, r.IntN(10000))
		}
	}
	words := rand.NewZipf(r, 1.07, 2, benchVocab-1)
	ents := rand.NewZipf(r, 1.2, 4, benchEntities-1)
	sentence := func() string {
		var b strings.Builder
		for k := range 12 + r.IntN(17) {
			if k > 0 {
				b.WriteByte(' ')
			}
			var w string
			switch p := r.Float64(); {
			case p < 0.40:
				w = stopFill[r.IntN(len(stopFill))]
			case p < 0.43:
				w = entities[ents.Uint64()]
			default:
				w = vocab[words.Uint64()]
			}
			if k == 0 {
				w = capital(w)
			}
			b.WriteString(w)
		}
		b.WriteByte('.')
		return b.String()
	}
	g := &genCorpus{docs: make([]*corpus.Document, n)}
	for i := range n {
		var paras [][]string
		for left := 16 + r.IntN(9); left > 0; {
			k := min(left, 3+r.IntN(3))
			p := make([]string, k)
			for j := range p {
				p[j] = sentence()
			}
			paras = append(paras, p)
			left -= k
		}
		title := strings.TrimSuffix(sentence(), ".")
		if f := strings.Fields(title); len(f) > 9 {
			title = strings.Join(f[:9], " ")
		}
		d := newDoc(int64(i+1), title, paras...)
		d.Seq = int64(i + 1)
		d.Origin = fmt.Sprintf("gen/%06d.txt", i)
		g.docs[i] = d
	}
	for range benchQueries {
		d := g.docs[r.IntN(n)]
		s := strings.Fields(strings.TrimSuffix(d.Text(d.Sentences[r.IntN(len(d.Sentences))]), "."))
		r.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
		q := []string{qWords[r.IntN(len(qWords))]}
		for _, w := range s {
			if len(q) > 1+r.IntN(4) {
				break
			}
			if !corpus.IsStopWord("en", strings.ToLower(w)) {
				q = append(q, strings.ToLower(w))
			}
		}
		g.queries = append(g.queries, strings.Join(q, " ")+"?")
	}
	g.heap = heapAlloc()
	return g
}

func capital(w string) string { return strings.ToUpper(w[:1]) + w[1:] }

// heapAlloc returns the live heap after a full collection.
func heapAlloc() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkSearch100k measures search latency over the 100,000-article
// index, one query per iteration, cycling through 1,000 questions.
func BenchmarkSearch100k(b *testing.B) {
	g, ix := bench100k(), benchIndex100k()
	for _, bc := range []struct {
		name string
		o    SearchOptions
	}{
		{"k10", SearchOptions{K: 10}},
		{"k100-perdoc1", SearchOptions{K: 100, PerDoc: 1}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			hits := 0
			i := 0
			for b.Loop() {
				q := g.queries[i%len(g.queries)]
				i++
				t0 := time.Now()
				hits += len(ix.SearchWith(q, bc.o))
				lat = append(lat, time.Since(t0))
			}
			b.ReportMetric(float64(percentile(lat, 50).Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(percentile(lat, 99).Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(hits)/float64(len(lat)), "hits/op")
		})
	}
}

// BenchmarkIndexBuild100k measures building the index of 100,000 articles
// and the memory it takes: index-MB is the live heap the index adds to the
// articles, heap-MB the live heap after the build (articles, index and
// anything else the process holds), peak-RSS-MB the most memory the
// process ever held (Linux; run this benchmark alone to read it).
func BenchmarkIndexBuild100k(b *testing.B) {
	g := bench100k()
	var ix *Index
	var before, after uint64
	for b.Loop() {
		b.StopTimer()
		ix = nil
		before = heapAlloc()
		b.StartTimer()
		ix = NewIndex(DefaultOptions())
		ix.Add(g.docs...)
	}
	b.StopTimer()
	after = heapAlloc()
	st := ix.Stats()
	b.ReportMetric(float64(benchDocs)/(b.Elapsed().Seconds()/float64(b.N)), "docs/s")
	b.ReportMetric(float64(after-before)/(1<<20), "index-MB")
	b.ReportMetric(float64(after)/(1<<20), "heap-MB")
	if rss := peakRSS(); rss > 0 {
		b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MB")
	}
	b.Logf("%+v; articles %d MB", st, g.heap>>20)
	runtime.KeepAlive(ix)
}

// peakRSS returns the most resident memory the process has held, from
// /proc/self/status, or 0 where that is not available.
func peakRSS() uint64 { return procStatus("VmHWM") }

// procStatus returns a size /proc/self/status gives, in bytes, or 0.
func procStatus(key string) uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == key+":" {
			kb, _ := strconv.ParseUint(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// BenchmarkLoad100k measures Load: reading 100,000 stored articles from
// SQLite and indexing them. Storing them first (outside the timing) takes
// a few minutes.
func BenchmarkLoad100k(b *testing.B) {
	ctx := context.Background()
	st, err := corpus.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	docs := generate(benchDocs, 2).docs
	for i := 0; i < len(docs); i += 1000 {
		batch := docs[i:min(i+1000, len(docs))]
		for _, d := range batch {
			d.ID, d.Seq = 0, 0
		}
		if _, err := st.AddBatch(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	docs = nil
	for b.Loop() {
		ix := NewIndex(DefaultOptions())
		if n, err := ix.Load(ctx, st); err != nil || n != benchDocs {
			b.Fatalf("loaded %d, err %v", n, err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/load")
}

// stemWords returns the folded words of the sample articles, in order.
func stemWords(b *testing.B) [][]byte {
	var words [][]byte
	err := fs.WalkDir(sample.FS, sample.Dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		text, err := fs.ReadFile(sample.FS, path)
		for _, t := range Analyze(string(text), "en") {
			words = append(words, fold(nil, t.Text))
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return words
}

// BenchmarkStem compares stemming every word with and without the cache,
// and the sharded cache with a sync.Map, over the words of the sample
// articles (ns/op is per word).
func BenchmarkStem(b *testing.B) {
	words := stemWords(b)
	a := analyzerFor("en")
	b.Run("cached", func(b *testing.B) {
		i := 0
		for b.Loop() {
			a.lookup(words[i%len(words)])
			i++
		}
	})
	b.Run("uncached", func(b *testing.B) {
		i := 0
		for b.Loop() {
			a.compute(string(words[i%len(words)]))
			i++
		}
	})
	// The alternative to the sharded cache: a sync.Map, whose Load needs
	// the word as a string (an allocation per lookup).
	var m sync.Map
	syncLookup := func(w []byte) wordInfo {
		if v, ok := m.Load(string(w)); ok {
			return v.(wordInfo)
		}
		info := a.compute(string(w))
		m.Store(string(w), info)
		return info
	}
	b.Run("syncmap", func(b *testing.B) {
		i := 0
		for b.Loop() {
			syncLookup(words[i%len(words)])
			i++
		}
	})
	b.Run("syncmap-parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				syncLookup(words[i%len(words)])
				i++
			}
		})
	})
	b.Run("cached-parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				a.lookup(words[i%len(words)])
				i++
			}
		})
	})
}

// TestGenerateIsDeterministic guards the benchmarks' comparability: the
// same seed gives the same articles and questions.
func TestGenerateIsDeterministic(t *testing.T) {
	a, b := generate(50, 7), generate(50, 7)
	for i := range a.docs {
		if a.docs[i].Body != b.docs[i].Body || a.docs[i].Title != b.docs[i].Title {
			t.Fatalf("article %d differs between runs", i)
		}
	}
	if !slices.Equal(a.queries, b.queries) {
		t.Fatal("questions differ between runs")
	}
	ix := NewIndex(DefaultOptions())
	ix.Add(a.docs...)
	found := 0
	for _, q := range a.queries[:100] {
		if len(ix.Search(q, 1)) > 0 {
			found++
		}
	}
	if found < 95 {
		t.Errorf("only %d of 100 generated questions find anything in their own corpus", found)
	}
}
