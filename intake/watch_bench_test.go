package intake

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkScanUnchanged1000 measures a scan of a folder of 1,000 files
// already read: the cost every Interval when nothing arrives (a listing
// and a stat per file, no reading): about 6.5 ms on two shared cores
// (go test ./intake -run ^$ -bench ScanUnchanged -benchtime 20x -count 3).
func BenchmarkScanUnchanged1000(b *testing.B) {
	l := newTestLibrary(b)
	dir := b.TempDir()
	body := readTestdata(b, "watch/orchard.txt")
	for i := range 1000 {
		put(b, dir, fmt.Sprintf("d%02d/f%04d.txt", i%20, i), append([]byte(fmt.Sprintf("Item %d. ", i)), body...), t0.Add(-time.Hour))
	}
	w := NewWatcher(l.Library, dir, WatchOptions{Clock: newFakeClock(t0)})
	sum, err := w.Scan(context.Background())
	if err != nil || sum.Total() != 1000 {
		b.Fatalf("first scan: %v, %v", counts(sum), err)
	}
	b.ResetTimer()
	for b.Loop() {
		if sum, err := w.Scan(context.Background()); err != nil || sum.Total() != 0 {
			b.Fatalf("scan: %v, %v", counts(sum), err)
		}
	}
}
