package qa

import (
	"context"
	"fmt"
	"iter"

	"github.com/newsdesk/newsdesk/corpus"
)

// DocumentSource yields stored documents in Seq order; *corpus.Store is one.
type DocumentSource interface {
	Documents(ctx context.Context, afterSeq int64) iter.Seq2[*corpus.Document, error]
}

// loadBatch is how many documents Load reads before handing them to Add.
const loadBatch = 512

// Load adds to the index the documents of store it does not hold yet —
// those with a Seq above the highest indexed, so all of them on the first
// call and only the new ones after — and returns how many it added. One
// goroutine reads the store while the calling one analyses and merges the
// previous batch; searches may run throughout and see each batch as soon
// as it is merged. On error the documents added so far stay indexed.
//
// Loading 100,000 generated articles (about 20 sentences each) takes
// about 10 s on two shared cores (BenchmarkLoad100k).
func (ix *Index) Load(ctx context.Context, store DocumentSource) (int, error) {
	return ix.load(ctx, store, 0)
}

// load is Load that stops after about limit documents (whole batches),
// when limit is not 0.
func (ix *Index) load(ctx context.Context, store DocumentSource, limit int) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []*corpus.Document, 2)
	errc := make(chan error, 1)
	after := ix.Seq()
	go func() {
		defer close(batches)
		size := loadBatch
		if limit > 0 {
			size = min(size, limit)
		}
		errc <- readBatches(ctx, store, after, size, batches)
	}()
	n := 0
	for b := range batches {
		ix.Add(b...)
		if n += len(b); limit > 0 && n >= limit {
			cancel()
			for range batches { // read ahead, not indexed: the next load reads them again
			}
			<-errc
			return n, nil
		}
	}
	if err := <-errc; err != nil {
		return n, fmt.Errorf("load index after seq %d: %w", after, err)
	}
	return n, nil
}

// readBatches sends the documents of store after seq in batches of size.
func readBatches(ctx context.Context, store DocumentSource, after int64, size int, out chan<- []*corpus.Document) error {
	batch := make([]*corpus.Document, 0, size)
	send := func() error {
		select {
		case out <- batch:
			batch = make([]*corpus.Document, 0, size)
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for d, err := range store.Documents(ctx, after) {
		if err != nil {
			return err
		}
		if batch = append(batch, d); len(batch) == size {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if len(batch) > 0 {
		return send()
	}
	return ctx.Err()
}

// Seq returns the highest ingestion sequence number among the indexed
// documents: Load continues after it.
func (ix *Index) Seq() int64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.maxSeq
}
