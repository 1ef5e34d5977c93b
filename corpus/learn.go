package corpus

import (
	"context"
	"crypto/sha256"
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
		seen = map[[32]byte]bool{} // content hashes learned from
		wg   sync.WaitGroup
	)
	n := 0
	srcs := make(chan Source, workers)
	for range workers {
		wg.Go(func() {
			for src := range srcs {
				outlet, paras, hash, ok := learnable(src)
				if !ok {
					continue
				}
				mu.Lock()
				dup := seen[hash]
				seen[hash] = true
				mu.Unlock()
				if !dup {
					b.Learn(outlet, paras)
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

// learnable returns what LearnBoilerplate learns from src: its outlet, the
// paragraphs the cleaner cuts its text into, and a hash of its content,
// or false when it teaches nothing (no outlet, no text).
//
// A source whose outlet is given and which is not HTML is not cleaned
// here: its stored paragraphs are some of the ones textParas cuts, and
// counting the others too (menus, bylines) changes no stored paragraph's
// count. That halves what a learning pass costs on an archive, where most
// of the time went to cleaning every article twice. Other sources are
// parsed whole, as only cleaning tells their outlet.
func learnable(src Source) (outlet string, paras []string, hash [32]byte, ok bool) {
	if src.Meta.Outlet == "" || src.Format == HTML {
		d, err := Parse(src)
		if err != nil || d.Outlet == "" {
			return "", nil, hash, false
		}
		return d.Outlet, strings.Split(d.Body, "\n\n"), sha256.Sum256([]byte(d.Body)), true
	}
	switch src.Format {
	case Paragraphs:
		paras = strings.Split(src.Content, "\n\n")
	default:
		for _, p := range textParas(src.Content, src.Format == Markdown) {
			paras = append(paras, p.text)
		}
	}
	if len(paras) == 0 {
		return "", nil, hash, false
	}
	return src.Meta.Outlet, paras, sha256.Sum256([]byte(src.Content)), true
}
