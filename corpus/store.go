package corpus

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNotFound means the store holds no document with the id asked for.
var ErrNotFound = errors.New("document not found")

// Store keeps documents in one SQLite file, or in a PostgreSQL database
// that several processes share (see migrate.go for the schema, and
// postgres.go). It is safe for concurrent use; writes are serialised.
type Store struct {
	db      *sql.DB
	path    string // "" for an in-memory store
	dialect Dialect

	writeMu sync.Mutex       // one AddBatch at a time in this process
	now     func() time.Time // the clock that stamps Added

	// sigs caches the Signature of stored bodies that were near-duplicate
	// candidates, by id, across batches (guarded by writeMu): a body never
	// changes, and wire copy (earnings tables, briefs) makes the same
	// documents candidates again and again. Bounded by maxCachedSigs.
	sigs map[int64][]uint64
}

// maxCachedSigs bounds Store.sigs: about 1 KB each.
const maxCachedSigs = 8192

// Open opens the store at path, creating the file if needed and bringing
// its schema up to date; path "" opens a new empty store in memory. A file
// written by a newer program, with a schema this one does not know, is
// refused.
//
// A file store runs in WAL mode with synchronous=NORMAL: a commit is not
// synced to disk at once, but a crash can lose only the last commits,
// never corrupt the file or keep half a batch. Writers take the write
// lock when they begin (BEGIN IMMEDIATE) and wait up to busy_timeout for
// another process to finish. Each connection keeps a page cache of up to
// 16 MiB: a batch dirties pages all over the band and hash b-trees, and
// with SQLite's default 2 MiB it spills them to the WAL before the commit;
// 16 MiB bought 10-15% ingestion speed at 10,000 articles (64 MiB bought
// no more). Memory is bounded by it, not by the size of the store.
//
// A path that is a postgres:// URL opens that PostgreSQL database instead
// (see postgres.go); errors name it without its password.
func Open(ctx context.Context, path string) (*Store, error) {
	if IsPostgres(path) {
		return openPostgresStore(ctx, path)
	}
	const opts = "_busy_timeout=10000&_foreign_keys=1&_txlock=immediate" +
		"&_pragma=cache_size(-16384)&_pragma=temp_store(MEMORY)&_pragma=wal_autocheckpoint(16384)"
	name := path
	dsn := "file:" + uriEscape(path) + "?" + opts + "&_journal_mode=WAL&_synchronous=NORMAL"
	if path == "" {
		name = "in-memory store"
		dsn = "file::memory:?" + opts
	}
	if path != "" {
		// SQLite says only "unable to open database file (14)".
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			if dir := filepath.Dir(path); !isDir(dir) {
				return nil, fmt.Errorf("open %s: folder %s does not exist", name, dir)
			}
		}
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	if path == "" {
		// Every connection to ":memory:" is a database of its own: keep
		// exactly one, for as long as the store is open.
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
	}
	if err := migrateWhenFree(ctx, db); err != nil {
		db.Close()
		if why := whyNotOpen(path); why != nil {
			return nil, fmt.Errorf("open %s: %w (%v)", name, why, err)
		}
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	return &Store{db: db, path: path, now: time.Now}, nil
}

// migrateWhenFree migrates the schema, trying again for a few seconds
// while another process holds the file: SQLite turns a new file to WAL
// mode without waiting for the busy timeout, so processes that create one
// file at the same moment (replicas starting together) would fail.
func migrateWhenFree(ctx context.Context, db *sql.DB) error {
	wait := 10 * time.Millisecond
	for deadline := time.Now().Add(10 * time.Second); ; wait = min(2*wait, 500*time.Millisecond) {
		err := migrate(ctx, db, migrations)
		var se *sqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

// openPostgresStore is Open for a PostgreSQL URL.
func openPostgresStore(ctx context.Context, location string) (*Store, error) {
	name := "PostgreSQL store " + RedactURL(location)
	db, err := openPostgres(ctx, location)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	if err := migratePostgres(ctx, db, migrations); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	return &Store{db: db, path: location, dialect: PostgreSQL, now: time.Now}, nil
}

// isDir reports whether path names a folder.
// whyNotOpen says what in the file system keeps SQLite from opening the
// database file at path, which SQLite reports only as "unable to open
// database file (14)": a folder on the way that is a file, a file or
// folder the process may not write, or nil when it finds nothing.
func whyNotOpen(path string) error {
	if path == "" {
		return nil
	}
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	switch {
	case err != nil:
		return fmt.Errorf("folder %s: %w", dir, cause(err))
	case !info.IsDir():
		return fmt.Errorf("%s is a file, not a folder", dir)
	}
	if info, err := os.Stat(path); err == nil {
		if info.IsDir() {
			return fmt.Errorf("%s is a folder, not a database file", path)
		}
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", path, cause(err))
		}
		f.Close()
	}
	// SQLite writes its journal and WAL files beside the database.
	f, err := os.CreateTemp(dir, ".newsdesk-check-*")
	if err != nil {
		return fmt.Errorf("cannot create files in folder %s: %w", dir, cause(err))
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// uriEscape escapes the characters that end or escape a path in an SQLite
// URI filename.
func uriEscape(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// docColumns are the columns scanDocument reads, in its order.
const docColumns = `id, seq, hash, duplicate_of, added, origin, title, outlet, author,
	published, url, lang, sentences, body, pages`

// Time formats of the stored dates: the day of publication, and the
// instant of adding in UTC with a fixed-width fraction so that text order
// is time order.
const (
	dateLayout  = "2006-01-02"
	addedLayout = "2006-01-02T15:04:05.000000000Z"
)

// scanDocument reads one row of docColumns.
func scanDocument(rows *sql.Rows) (*Document, error) {
	var (
		d         Document
		dup       sql.NullInt64
		published sql.NullString
		added     string
		sentences sql.RawBytes
		pages     string
	)
	if err := rows.Scan(&d.ID, &d.Seq, &d.Hash, &dup, &added, &d.Origin, &d.Title, &d.Outlet, &d.Author,
		&published, &d.URL, &d.Lang, &sentences, &d.Body, &pages); err != nil {
		return nil, err
	}
	if pages != "" {
		var err error
		if d.Pages, err = decodePages(pages); err != nil {
			return nil, fmt.Errorf("document %d: pages: %w", d.ID, err)
		}
	}
	d.DuplicateOf = dup.Int64
	var err error
	if d.Added, err = time.Parse(addedLayout, added); err != nil {
		return nil, fmt.Errorf("document %d: added: %w", d.ID, err)
	}
	if published.Valid {
		if d.Published, err = time.Parse(dateLayout, published.String); err != nil {
			return nil, fmt.Errorf("document %d: published: %w", d.ID, err)
		}
	}
	if d.Sentences, err = decodeSentences(sentences, len(d.Body)); err != nil {
		return nil, fmt.Errorf("document %d: sentences: %w", d.ID, err)
	}
	return &d, nil
}

// Document returns the document with the given id, or an error wrapping
// ErrNotFound.
func (s *Store) Document(ctx context.Context, id int64) (*Document, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+docColumns+" FROM documents WHERE id = ?", id)
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", id, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("document %d: %w", id, err)
		}
		return nil, fmt.Errorf("document %d: %w", id, ErrNotFound)
	}
	d, err := scanDocument(rows)
	if err != nil {
		return nil, err
	}
	rows.Close()
	if err := s.attachCarriers(ctx, []*Document{d}); err != nil {
		return nil, err
	}
	return d, nil
}

// DocumentsByID returns the stored documents with the given ids, in one
// query; ids not stored are absent from the map.
func (s *Store) DocumentsByID(ctx context.Context, ids []int64) (map[int64]*Document, error) {
	out := make(map[int64]*Document, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+docColumns+" FROM documents WHERE id IN (?"+strings.Repeat(", ?", len(ids)-1)+")", args...)
	if err != nil {
		return nil, fmt.Errorf("documents by id: %w", err)
	}
	defer rows.Close()
	docs := make([]*Document, 0, len(ids))
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
		out[d.ID] = d
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("documents by id: %w", err)
	}
	rows.Close()
	if err := s.attachCarriers(ctx, docs); err != nil {
		return nil, err
	}
	return out, nil
}

// attachCarriers sets the Carriers of docs, in one query.
func (s *Store) attachCarriers(ctx context.Context, docs []*Document) error {
	if len(docs) == 0 {
		return nil
	}
	byID := make(map[int64]*Document, len(docs))
	args := make([]any, len(docs))
	for i, d := range docs {
		byID[d.ID] = d
		args[i] = d.ID
	}
	q := "SELECT document_id, outlet, url, origin, coalesce(published, '') FROM carriers WHERE document_id IN (?" +
		strings.Repeat(", ?", len(docs)-1) + ") ORDER BY added, origin"
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("carriers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id        int64
			c         Carrier
			published string
		)
		if err := rows.Scan(&id, &c.Outlet, &c.URL, &c.Origin, &published); err != nil {
			return fmt.Errorf("carriers: %w", err)
		}
		if published != "" {
			if c.Published, err = time.Parse(dateLayout, published); err != nil {
				return fmt.Errorf("carrier %s of document %d: published: %w", c.Origin, id, err)
			}
		}
		if d := byID[id]; d != nil {
			d.Carriers = append(d.Carriers, c)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("carriers: %w", err)
	}
	return nil
}

// pageSize is how many documents Documents reads per query.
const pageSize = 500

// Documents yields the documents with Seq greater than afterSeq in Seq
// order, each with its sentences: Documents(ctx, 0) yields them all, and a
// digest that has seen up to seq n asks for Documents(ctx, n). It reads a
// page of documents per query and holds no transaction while the caller
// works, so it may run alongside writes; documents added meanwhile are
// yielded at the end. After an error it yields nothing more.
func (s *Store) Documents(ctx context.Context, afterSeq int64) iter.Seq2[*Document, error] {
	return func(yield func(*Document, error) bool) {
		var (
			page = make([]*Document, 0, pageSize)
			err  error
		)
		for {
			if page, err = s.page(ctx, afterSeq, page[:0]); err != nil {
				yield(nil, err)
				return
			}
			for _, d := range page {
				if !yield(d, nil) {
					return
				}
			}
			if len(page) < pageSize {
				return
			}
			afterSeq = page[len(page)-1].Seq
		}
	}
}

// page appends to buf the next pageSize documents after seq.
func (s *Store) page(ctx context.Context, afterSeq int64, buf []*Document) ([]*Document, error) {
	rows, err := s.db.QueryContext(ctx,
		"SELECT "+docColumns+" FROM documents WHERE seq > ? ORDER BY seq LIMIT ?", afterSeq, pageSize)
	if err != nil {
		return nil, fmt.Errorf("documents after seq %d: %w", afterSeq, err)
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		buf = append(buf, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("documents after seq %d: %w", afterSeq, err)
	}
	rows.Close()
	if err := s.attachCarriers(ctx, buf); err != nil {
		return nil, err
	}
	return buf, nil
}

// Count returns the number of stored documents.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(&n); err != nil {
		return 0, fmt.Errorf("count documents: %w", err)
	}
	return n, nil
}

// MaxSeq returns the Seq of the last document added, 0 for an empty store.
func (s *Store) MaxSeq(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM documents").Scan(&n); err != nil {
		return 0, fmt.Errorf("max seq: %w", err)
	}
	return n, nil
}

// encodePages writes a document's Pages as the pages column holds them.
func encodePages(pages []int) string {
	var b strings.Builder
	for i, p := range pages {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(p))
	}
	return b.String()
}

// decodePages reads the pages column.
func decodePages(s string) ([]int, error) {
	parts := strings.Split(s, ",")
	pages := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("item %d: %q is not a page number", i+1, p)
		}
		pages[i] = n
	}
	return pages, nil
}
