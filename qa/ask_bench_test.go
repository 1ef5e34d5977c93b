package qa

import (
	"context"
	"testing"
	"time"
)

// BenchmarkAsk100k measures whole answers — search, sentence scoring,
// quote choice, merging and disagreements — over the 100,000 generated
// articles of BenchmarkSearch100k, with its questions.
func BenchmarkAsk100k(b *testing.B) {
	g, ix := bench100k(), benchIndex100k()
	a := NewAnswerer(ix, AnswerOptions{})
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	quotes, i := 0, 0
	for b.Loop() {
		q := g.queries[i%len(g.queries)]
		i++
		t0 := time.Now()
		ans, err := a.Ask(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		quotes += len(ans.Quotes)
	}
	b.ReportMetric(float64(percentile(lat, 50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(quotes)/float64(len(lat)), "quotes/op")
}
