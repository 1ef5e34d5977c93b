package corpus

import (
	"context"
	"iter"
	"runtime"
	"strings"
	"sync"
)

// LearnBoilerplate parses the sources, workers at a time (0: one per
// CPU), and teaches b the paragraphs of each distinct body once per
// outlet, so that an article filed twice does not make its own paragraphs
// look like the site's. Sources that fail to load or parse are passed
// over: Ingest reports them. It returns how many sources it read, which
// tells a progress display the total to come, and only ctx's error.
func LearnBoilerplate(ctx context.Context, sources iter.Seq2[Source, error], b *Boilerplate, workers int) (int, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var (
		mu   sync.Mutex
		seen = map[string]bool{} // content hashes learned from
		wg   sync.WaitGroup
	)
	n := 0
	srcs := make(chan Source, workers)
	for range workers {
		wg.Go(func() {
			for src := range srcs {
				d, err := Parse(src)
				if err != nil || d.Outlet == "" {
					continue
				}
				mu.Lock()
				dup := seen[d.Hash]
				seen[d.Hash] = true
				mu.Unlock()
				if !dup {
					b.Learn(d.Outlet, strings.Split(d.Body, "\n\n"))
				}
			}
		})
	}
	for src, err := range sources {
		n++
		if err != nil {
			continue
		}
		select {
		case srcs <- src:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(srcs)
	wg.Wait()
	return n, ctx.Err()
}

// stripRepeated drops the paragraphs b says d's outlet repeats, and
// splits and hashes the body again if any went.
func (d *Document) stripRepeated(b *Boilerplate) {
	paras := strings.Split(d.Body, "\n\n")
	kept := b.Strip(d.Outlet, paras)
	if len(kept) == len(paras) {
		return
	}
	d.Body = strings.Join(kept, "\n\n")
	d.Sentences = Split(d.Body)
	d.Hash = ContentHash(d.Body)
}
