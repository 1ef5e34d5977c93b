package corpus

// Ingestion streams sources through three stages:
//
//	producer ──jobs──▶ workers (Parse, prepare) ──▶ writer (AddBatch)
//	    └────────── order: one result slot per source ──────▲
//
// The producer reads the sources one at a time and, for each, queues a
// result slot on order and a job for the workers; the writer takes the
// slots in input order and waits for each to fill. So documents are stored
// in input order whatever the workers' timing (the same input always gives
// the same seqs and duplicate links), and the number of sources in flight
// is bounded by the channel capacities: memory does not grow with the
// input.

import (
	"context"
	"fmt"
	"iter"
	"runtime"
	"sync"
	"time"
)

// MaxErrors is how many errors a Summary keeps; Failed counts them all.
const MaxErrors = 100

// progressEvery is the least time between two Progress calls.
const progressEvery = 200 * time.Millisecond

// Summary counts what an ingestion did with its sources, each by its
// outcome when its batch was stored: a document counted Added becomes a
// copy if a near-duplicate of it published earlier is stored in a later
// batch (see Store.AddBatch).
type Summary struct {
	Added      int     // stored as originals
	Unchanged  int     // already stored with the same content
	Duplicates int     // stored and linked to the original they copy
	Carried    int     // the same text from another outlet: recorded as a carrier
	Failed     int     // could not be read or parsed, and were skipped
	Errors     []error // the first MaxErrors failures, in input order
}

// Total returns the number of sources handled so far.
func (s Summary) Total() int { return s.Added + s.Unchanged + s.Duplicates + s.Carried + s.Failed }

func (s *Summary) count(o Outcome) {
	switch o {
	case Added:
		s.Added++
	case Unchanged:
		s.Unchanged++
	case Duplicate:
		s.Duplicates++
	case Carried:
		s.Carried++
	}
}

func (s *Summary) fail(err error) {
	s.Failed++
	if len(s.Errors) < MaxErrors {
		s.Errors = append(s.Errors, err)
	}
}

// IngestOptions tune Ingest. The zero value is ready to use.
type IngestOptions struct {
	// Workers is how many sources are parsed at once; 0 means one per CPU.
	Workers int
	// BatchSize is how many documents are stored per transaction; 0 means
	// 1024: a commit costs a few milliseconds, and a batch of 1024 wire
	// stories holds about 10 MB.
	BatchSize int
	// Progress, if set, is called with the totals so far after a batch is
	// stored or a source fails, at most once every 200 ms. It runs on the
	// goroutine that called Ingest and should return quickly.
	Progress func(Summary)
	// Boilerplate, if set, removes from each document the paragraphs its
	// outlet repeats across documents (see Boilerplate) before the body is
	// hashed and split. Learn it from the same sources first
	// (LearnBoilerplate), so that ingesting them again yields the same
	// bodies and so changes nothing.
	Boilerplate *Boilerplate
}

// Ingest parses the sources and stores them, BatchSize documents per
// transaction, and returns what happened. A source that fails to load
// (the iterator yields an error) or to parse is counted, its error kept
// in the Summary, and skipped; the rest go on. Ingest returns an error only
// when storing fails or ctx ends: then the batches stored so far stay
// stored, the batch being stored is committed or rolled back whole, the
// sources not yet in a committed batch are not stored, and running Ingest
// again on the same sources completes the job.
func Ingest(ctx context.Context, store *Store, sources iter.Seq2[Source, error], opts IngestOptions) (Summary, error) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batchSize := opts.BatchSize
	if batchSize <= 0 {
		batchSize = 1024
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()

	jobs := make(chan ingestJob, batchSize)
	order := make(chan chan parsed, batchSize)
	wg.Go(func() { produce(ctx, sources, jobs, order) })
	for range workers {
		wg.Go(func() { parseJobs(ctx, jobs, opts.Boilerplate) })
	}

	w := ingestWriter{store: store, progress: opts.Progress, batch: make([]prepared, 0, batchSize)}
	for slot := range order {
		var r parsed
		select {
		case r = <-slot:
		case <-ctx.Done():
			return w.sum, ctx.Err()
		}
		if r.err != nil {
			w.sum.fail(r.err)
			w.report()
			continue
		}
		w.batch = append(w.batch, r.p)
		if len(w.batch) == batchSize {
			if err := w.flush(ctx); err != nil {
				return w.sum, err
			}
		}
	}
	if err := ctx.Err(); err != nil { // the producer stopped early
		return w.sum, err
	}
	return w.sum, w.flush(ctx)
}

// ingestJob is one source to parse, and the slot for its result.
type ingestJob struct {
	src  Source
	slot chan<- parsed
}

// parsed is a document ready to store, or why there is none.
type parsed struct {
	p   prepared
	err error
}

// produce reads the sources, queueing for each a result slot in input
// order and a job for the workers; a load error fills its slot at once.
func produce(ctx context.Context, sources iter.Seq2[Source, error], jobs chan<- ingestJob, order chan<- chan parsed) {
	defer close(order)
	defer close(jobs)
	for src, err := range sources {
		slot := make(chan parsed, 1)
		select {
		case order <- slot:
		case <-ctx.Done():
			return
		}
		if err != nil {
			slot <- parsed{err: err}
			continue
		}
		select {
		case jobs <- ingestJob{src, slot}:
		case <-ctx.Done():
			return
		}
	}
}

// parseJobs parses sources until the jobs run out.
func parseJobs(ctx context.Context, jobs <-chan ingestJob, bp *Boilerplate) {
	for j := range jobs {
		if err := ctx.Err(); err != nil {
			j.slot <- parsed{err: err}
			continue
		}
		j.slot <- parseOne(j.src, bp)
	}
}

// parseOne parses and prepares one source. A panic in the parser is the
// source's failure, not the whole ingestion's.
func parseOne(src Source, bp *Boilerplate) (r parsed) {
	defer func() {
		if v := recover(); v != nil {
			r = parsed{err: fmt.Errorf("%s: parser panic: %v", src.place(), v)}
		}
	}()
	d, err := Parse(src)
	if err != nil {
		return parsed{err: err}
	}
	if bp != nil {
		d.stripRepeated(bp)
	}
	p, err := prepare(d)
	if err != nil {
		return parsed{err: fmt.Errorf("%s: %w", src.place(), err)}
	}
	return parsed{p: p}
}

// ingestWriter stores batches and keeps the totals.
type ingestWriter struct {
	store    *Store
	progress func(Summary)
	batch    []prepared
	sum      Summary
	reported time.Time
}

// flush stores the batch in one transaction.
func (w *ingestWriter) flush(ctx context.Context) error {
	if len(w.batch) == 0 {
		return nil
	}
	outcomes, err := w.store.addPrepared(ctx, w.batch)
	if err != nil {
		if ctx.Err() != nil { // rolled back because ctx ended
			return ctx.Err()
		}
		return err
	}
	for _, o := range outcomes {
		w.sum.count(o)
	}
	clear(w.batch) // drop the documents for the collector
	w.batch = w.batch[:0]
	w.report()
	return nil
}

// report calls Progress unless it was called less than progressEvery ago.
func (w *ingestWriter) report() {
	if w.progress == nil {
		return
	}
	if now := time.Now(); w.reported.IsZero() || now.Sub(w.reported) >= progressEvery {
		w.reported = now
		w.progress(w.sum)
	}
}
