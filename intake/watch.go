package intake

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/telegram"
)

// A Watcher adds the new and changed files of a folder, and of its
// subfolders, to a Library. It polls rather than asking the system for
// events, which works the same on every system and on network shares:
// every Interval it lists the folder and compares each file's size and
// modification time with those it had when last read, so an unchanged
// file is not read again (and a bad one is reported once per version, not
// every scan). Hidden files and folders (names starting with ".") are
// passed over, as editors and copy tools write their temporary files so.
//
// A file still being written is left for a later scan: one modified less
// than Settle ago, or one whose size or time changed since the scan before.
// A file dated in the future (a share whose clock runs ahead) is read once
// two scans saw it the same. A changed file is read whole again: its
// articles that did not change are Unchanged in the Summary, the changed
// ones are added as new documents (the store keeps the earlier version).
//
// What was read is remembered in the store (intake_files), so a restart
// reads only what changed meanwhile.
type Watcher struct {
	lib *Library
	dir string
	o   WatchOptions

	mu       sync.Mutex       // serialises Scan
	loaded   bool             // read holds what the store remembers
	read     map[string]stamp // files read, by slash-separated path inside dir
	pending  map[string]stamp // files found being written by the last scan
	walkErrs map[string]bool  // listing errors of the last scan, logged once
}

// WatchOptions tune a Watcher. The zero value is ready to use.
type WatchOptions struct {
	// Interval is the time between two scans (default 30 s), so a file is
	// added within Interval of being written, or two when caught while
	// being written.
	Interval time.Duration
	// Settle is how long after its last modification a file counts as
	// still being written (default 2 s).
	Settle time.Duration
	// Clock drives the scans and tells the time files are judged by
	// (default the system's).
	Clock Clock
	// Logger receives a line per file that could not be added (default
	// the Library's).
	Logger *slog.Logger
}

// stamp is what tells a file's versions apart: its size and modification
// time in Unix nanoseconds.
type stamp struct {
	size  int64
	mtime int64
}

func (s stamp) time() time.Time { return time.Unix(0, s.mtime) }

// NewWatcher returns a Watcher adding the files under dir to lib.
func NewWatcher(lib *Library, dir string, opts WatchOptions) *Watcher {
	if opts.Interval <= 0 {
		opts.Interval = 30 * time.Second
	}
	if opts.Settle <= 0 {
		opts.Settle = 2 * time.Second
	}
	if opts.Clock == nil {
		opts.Clock = telegram.SystemClock{}
	}
	if opts.Logger == nil {
		opts.Logger = lib.logger
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return &Watcher{lib: lib, dir: filepath.Clean(dir), o: opts,
		pending: map[string]stamp{}, walkErrs: map[string]bool{}}
}

// Run scans the folder every Interval, the first time at once, until ctx
// ends; then it returns nil. A failed scan (the folder missing, the store
// failing) is logged, once while the same failure lasts, and the next one
// tries again.
func (w *Watcher) Run(ctx context.Context) error {
	w.o.Logger.Info("intake: watching folder", "dir", w.dir, "interval", w.o.Interval)
	var failing string // the last scan's error, logged once while it lasts
	for {
		_, err := w.Scan(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil && err.Error() != failing:
			failing = err.Error()
			w.o.Logger.Error("intake: scan failed", "dir", w.dir, "error", err)
		case err == nil && failing != "":
			failing = ""
			w.o.Logger.Info("intake: scanning again", "dir", w.dir)
		}
		if w.o.Clock.Sleep(ctx, w.o.Interval) != nil {
			return nil
		}
	}
}

// Scan lists the folder once and adds the files that are new or changed
// and no longer being written. Files that cannot be loaded are counted in
// the Summary and logged, and not read again until they change. It returns
// an error when the folder cannot be listed, or when storing fails or ctx
// ends: the files of such a scan are read again by the next.
func (w *Watcher) Scan(ctx context.Context) (corpus.Summary, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.load(ctx); err != nil {
		return corpus.Summary{}, err
	}
	now := w.o.Clock.Now()
	files, err := w.list(ctx)
	if err != nil {
		return corpus.Summary{}, err
	}

	var ready []string
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		st := files[rel]
		if prev, ok := w.read[rel]; ok && prev == st {
			delete(w.pending, rel)
			continue
		}
		if w.writing(now, rel, st) {
			w.pending[rel] = st
			continue
		}
		delete(w.pending, rel)
		ready = append(ready, rel)
	}
	var gone []string
	for rel := range w.read {
		if _, ok := files[rel]; !ok {
			gone = append(gone, rel)
		}
	}
	for rel := range w.pending {
		if _, ok := files[rel]; !ok {
			delete(w.pending, rel)
		}
	}

	var sum corpus.Summary
	if len(ready) > 0 {
		paths := make([]string, len(ready))
		for i, rel := range ready {
			paths[i] = filepath.Join(w.dir, filepath.FromSlash(rel))
		}
		sum, err = w.lib.Add(ctx, corpus.Sources(paths...))
		for _, e := range sum.Errors {
			w.o.Logger.Warn("intake: file not added", "dir", w.dir, "error", e)
		}
		if n := sum.Failed - len(sum.Errors); n > 0 {
			w.o.Logger.Warn("intake: more files not added", "dir", w.dir, "count", n)
		}
		if err != nil {
			return sum, fmt.Errorf("watch %s: %w", w.dir, err)
		}
	}
	if err := w.record(ctx, ready, files, gone); err != nil {
		return sum, fmt.Errorf("watch %s: remember files read: %w", w.dir, err)
	}
	return sum, nil
}

// writing reports whether the file rel, found with stamp st at time now,
// may still be being written.
func (w *Watcher) writing(now time.Time, rel string, st stamp) bool {
	prev, seen := w.pending[rel]
	if seen && prev != st {
		return true // it changed since the last scan
	}
	age := now.Sub(st.time())
	if age <= -w.o.Settle {
		// Dated in the future: the time says nothing, so wait for two
		// scans to agree.
		return !seen
	}
	return age < w.o.Settle
}

// list returns the stamps of the regular files under the folder, by
// slash-separated path inside it. Errors on parts of the folder (a
// subfolder that cannot be read) are logged the first time and passed
// over; only a folder that cannot be listed at all is an error.
func (w *Watcher) list(ctx context.Context) (map[string]stamp, error) {
	if _, err := os.Stat(w.dir); err != nil {
		return nil, fmt.Errorf("watch %s: %w", w.dir, err)
	}
	files := map[string]stamp{}
	errs := map[string]bool{}
	fsys := os.DirFS(w.dir)
	err := fs.WalkDir(fsys, ".", func(rel string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if err != nil {
			errs[fmt.Sprintf("%s: %v", rel, err)] = true
			return nil
		}
		if rel != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		info, err := fs.Stat(fsys, rel) // follows a link to a file
		if err != nil {
			errs[fmt.Sprintf("%s: %v", rel, err)] = true
			return nil
		}
		if info.Mode().IsRegular() {
			files[rel] = stamp{size: info.Size(), mtime: info.ModTime().UnixNano()}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for msg := range errs {
		if !w.walkErrs[msg] {
			w.o.Logger.Warn("intake: cannot list part of the folder", "dir", w.dir, "error", msg)
		}
	}
	w.walkErrs = errs
	return files, nil
}

// load reads what the store remembers of the folder's files, once.
func (w *Watcher) load(ctx context.Context) error {
	if w.loaded {
		return nil
	}
	if err := w.lib.schema(ctx); err != nil {
		return err
	}
	rows, err := w.lib.store.DB().QueryContext(ctx, "SELECT path, size, mtime FROM intake_files WHERE dir = ?", w.dir)
	if err != nil {
		return fmt.Errorf("watch %s: read files read before: %w", w.dir, err)
	}
	defer rows.Close()
	read := map[string]stamp{}
	for rows.Next() {
		var rel string
		var st stamp
		if err := rows.Scan(&rel, &st.size, &st.mtime); err != nil {
			return fmt.Errorf("watch %s: read files read before: %w", w.dir, err)
		}
		read[rel] = st
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("watch %s: read files read before: %w", w.dir, err)
	}
	w.read, w.loaded = read, true
	return nil
}

// record remembers, in the store and in memory, the stamps of the files
// read and forgets the files gone, in one transaction.
func (w *Watcher) record(ctx context.Context, read []string, files map[string]stamp, gone []string) error {
	if len(read) == 0 && len(gone) == 0 {
		return nil
	}
	tx, err := w.lib.store.DB().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, rel := range read {
		st := files[rel]
		if _, err := tx.ExecContext(ctx, `INSERT INTO intake_files (dir, path, size, mtime) VALUES (?, ?, ?, ?)
			ON CONFLICT (dir, path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime`,
			w.dir, rel, st.size, st.mtime); err != nil {
			return err
		}
	}
	for _, rel := range gone {
		if _, err := tx.ExecContext(ctx, "DELETE FROM intake_files WHERE dir = ? AND path = ?", w.dir, rel); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for _, rel := range read {
		w.read[rel] = files[rel]
	}
	for _, rel := range gone {
		delete(w.read, rel)
	}
	return nil
}
