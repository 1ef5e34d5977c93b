package intake

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/fetch"
	"github.com/newsdesk/newsdesk/qa"
)

// MaxUpload is the largest document, in bytes, that AddFile takes: the
// most a bot may download from Telegram (getFile serves files up to
// 20 MB). An article file is further held to corpus.MaxFileSize; a JSON
// Lines archive only to this.
const MaxUpload = 20 << 20

// Library is the store and the question index kept in step: what Add
// stores is searchable when Add returns. Adds are serialised, so the
// index loads each one's documents once, in order. It is safe for
// concurrent use.
type Library struct {
	store  *corpus.Store
	ix     *qa.Index
	logger *slog.Logger

	mu sync.Mutex // serialises Add

	fetcher *fetch.Fetcher // fetches the links AddURL is given; nil: AddURL is off

	schemaMu sync.Mutex
	schemaOK bool // intake's tables are up to date
}

// NewLibrary returns a Library adding to store and ix, which should hold
// the same documents (ix loaded from store). A nil logger means
// slog.Default().
func NewLibrary(store *corpus.Store, ix *qa.Index, logger *slog.Logger) *Library {
	if logger == nil {
		logger = slog.Default()
	}
	return &Library{store: store, ix: ix, logger: logger}
}

// WithFetcher lets AddURL fetch links with f, and returns l.
func (l *Library) WithFetcher(f *fetch.Fetcher) *Library {
	l.fetcher = f
	return l
}

// ErrNoFetcher means AddURL was called on a Library without a Fetcher.
var ErrNoFetcher = errors.New("adding links is off")

// AddURL fetches the page at rawURL, an administrator's link, with the
// Library's Fetcher (which refuses private addresses unless configured,
// and bounds time, size and redirects), and adds it: an HTML page is
// cleaned like a scraped one, a PDF or Word file read like a sent one.
// The article's link is the one its page names, else the address it was
// fetched from; its origin is that address without query or password.
// Errors name the host, never the query (see fetch.Redact).
func (l *Library) AddURL(ctx context.Context, rawURL string) (corpus.Summary, error) {
	if l.fetcher == nil {
		return corpus.Summary{}, ErrNoFetcher
	}
	page, err := l.fetcher.Get(ctx, rawURL)
	if err != nil {
		return corpus.Summary{Failed: 1, Errors: []error{err}}, err
	}
	origin := fetch.Redact(page.URL)
	src, err := corpus.FetchedSource(origin, page.URL, page.ContentType, page.Body)
	if err != nil {
		return corpus.Summary{Failed: 1, Errors: []error{err}}, err
	}
	sum, err := l.Add(ctx, func(yield func(corpus.Source, error) bool) { yield(src, nil) })
	if err != nil {
		return sum, err
	}
	if sum.Failed > 0 && sum.Total() == sum.Failed {
		return sum, refused(origin, sum)
	}
	return sum, nil
}

// Add ingests the sources into the store (corpus.Ingest: sources that
// fail are counted in the Summary with their errors, and skipped), then
// loads the new documents into the index. It returns an error only when
// storing or indexing fails or ctx ends; what was stored by then is
// indexed all the same, as far as the index can load it.
func (l *Library) Add(ctx context.Context, sources iter.Seq2[corpus.Source, error]) (corpus.Summary, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	start := time.Now()
	sum, ingestErr := corpus.Ingest(ctx, l.store, sources, corpus.IngestOptions{})
	// Load even after a failed ingestion: committed batches stay stored
	// and must be searchable. A cancelled ctx stops the load too; the next
	// Add catches up, as Load takes everything above the index's Seq.
	loadCtx := ctx
	if ingestErr != nil && ctx.Err() == nil {
		loadCtx = context.WithoutCancel(ctx)
	}
	indexed, loadErr := l.ix.Load(loadCtx, l.store)
	if loadErr != nil {
		loadErr = fmt.Errorf("index new documents: %w", loadErr)
	}
	err := errors.Join(ingestErr, loadErr)
	if sum.Total() > 0 || err != nil {
		l.logger.LogAttrs(ctx, slog.LevelInfo, "intake: added",
			slog.Int("added", sum.Added), slog.Int("unchanged", sum.Unchanged),
			slog.Int("duplicates", sum.Duplicates), slog.Int("carried", sum.Carried), slog.Int("failed", sum.Failed),
			slog.Int("indexed", indexed), slog.Duration("took", time.Since(start)),
			slog.Any("error", err))
	}
	return sum, err
}

// AddFile adds a document an admin sent, name being the file's name as
// sent (only its last element is kept, as the documents' origin). Its
// format is decided as for a file on disk (see corpus.Sources): by the
// extension (.txt, .html, .md with YAML front matter, .jsonl) or else by
// the content. A file that is over MaxUpload, or from which no article
// could be taken (binary, not UTF-8, empty, no article text, every line of
// an archive malformed), is refused with an error naming the file and,
// when it helps, the line; the Summary then counts the failures. An
// archive with some bad lines adds the good ones and returns no error:
// the bad lines are in the Summary's Errors.
func (l *Library) AddFile(ctx context.Context, name string, data []byte) (corpus.Summary, error) {
	name = uploadName(name)
	if len(data) > MaxUpload {
		err := &corpus.LoadError{Path: name, Err: fmt.Errorf("%w: %.1f MiB, more than the %d MiB a sent document may have",
			corpus.ErrTooLarge, float64(len(data))/(1<<20), MaxUpload>>20)}
		return corpus.Summary{Failed: 1, Errors: []error{err}}, err
	}
	sum, err := l.Add(ctx, corpus.SourcesFS(oneFile{name: name, data: data}, name))
	if err != nil {
		return sum, err
	}
	if sum.Failed > 0 && sum.Total() == sum.Failed {
		return sum, refused(name, sum)
	}
	return sum, nil
}

// uploadName is the last element of a sent file's name, which may carry a
// client's folders with either kind of slash; "document" when nothing of
// a name is left.
func uploadName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	switch name {
	case ".", "/", "..", "":
		return "document"
	}
	return name
}

// refused says why nothing could be taken from file name: its one error,
// or the first few of an archive's, each still matched by errors.Is.
func refused(name string, sum corpus.Summary) error {
	const show = 3
	errs := sum.Errors
	if len(errs) == 1 {
		return errs[0]
	}
	if len(errs) > show {
		errs = errs[:show]
	}
	verbs := make([]string, len(errs))
	args := make([]any, 0, len(errs)+3)
	args = append(args, name, sum.Failed)
	for i, e := range errs {
		verbs[i] = "%w"
		args = append(args, e)
	}
	more := ""
	if sum.Failed > len(errs) {
		more = fmt.Sprintf("; and %d more", sum.Failed-len(errs))
	}
	args = append(args, more)
	return fmt.Errorf("%s: no article could be read (%d failed): "+strings.Join(verbs, "; ")+"%s", args...)
}

// schema brings intake's tables in the store up to date, once.
func (l *Library) schema(ctx context.Context) error {
	l.schemaMu.Lock()
	defer l.schemaMu.Unlock()
	if l.schemaOK {
		return nil
	}
	if err := l.store.Extend(ctx, "intake", migrations); err != nil {
		return err
	}
	l.schemaOK = true
	return nil
}
