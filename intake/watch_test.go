package intake

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
)

// t0 is when the watcher tests' fake clocks start.
var t0 = time.Date(2025, 4, 2, 9, 0, 0, 0, time.UTC)

// put writes content to dir/rel, making folders as needed, and dates it
// mtime, as a writer that finished then would have left it.
func put(t testing.TB, dir, rel string, content []byte, mtime time.Time) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}

// scan runs one Scan and fails the test on an error.
func scan(t *testing.T, w *Watcher) corpus.Summary {
	t.Helper()
	sum, err := w.Scan(context.Background())
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return sum
}

func counts(s corpus.Summary) [4]int { return [4]int{s.Added, s.Unchanged, s.Duplicates, s.Failed} }

func TestWatcherAddsNewAndChangedFilesOnly(t *testing.T) {
	l := newTestLibrary(t)
	dir := t.TempDir()
	clock := newFakeClock(t0)
	w := NewWatcher(l.Library, dir, WatchOptions{Clock: clock})
	settled := t0.Add(-time.Minute)

	put(t, dir, "bridge.txt", readTestdata(t, "watch/bridge.txt"), settled)
	put(t, dir, "towns/library.md", readTestdata(t, "watch/library.md"), settled)
	put(t, dir, ".draft.txt", readTestdata(t, "watch/orchard.txt"), settled) // hidden: an editor's
	if got := counts(scan(t, w)); got != [4]int{2, 0, 0, 0} {
		t.Fatalf("first scan (added, unchanged, duplicates, failed) = %v, want 2 added", got)
	}
	if got := l.searchTitles("library opening hours students"); len(got) == 0 || got[0] != "Town library extends its opening hours" {
		t.Errorf("the new Markdown file is not searchable: %q", got)
	}
	if got := l.searchTitles("frost orchards blossom"); len(got) != 0 {
		t.Errorf("the hidden file was read: %q", got)
	}

	// Nothing changed: nothing is read, not even to find it unchanged.
	clock.Advance(30 * time.Second)
	if got := scan(t, w); got.Total() != 0 {
		t.Fatalf("scan of an unchanged folder read %v", counts(got))
	}

	// A changed file and a new one, both finished writing.
	clock.Advance(30 * time.Second)
	put(t, dir, "bridge.txt", readTestdata(t, "watch/bridge-v2.txt"), clock.Now().Add(-5*time.Second))
	put(t, dir, "farms/orchard.txt", readTestdata(t, "watch/orchard.txt"), clock.Now().Add(-5*time.Second))
	if got := counts(scan(t, w)); got[0]+got[2] != 2 || got[3] != 0 {
		t.Fatalf("scan after a change and an addition = %v, want 2 stored", got)
	}
	hits := l.ix.Search("bridge reopened welders", 1)
	if len(hits) == 0 || !strings.Contains(hits[0].Doc.Body, "reopened") {
		t.Errorf("the changed file's new text is not searchable")
	}
	if got := l.searchTitles("frost orchards blossom"); len(got) == 0 {
		t.Errorf("the new file in a new subfolder is not searchable")
	}
	if n := l.count(t); n != 4 {
		t.Errorf("store holds %d documents, want 4 (both versions of the bridge)", n)
	}
}

func TestWatcherWaitsForFilesBeingWritten(t *testing.T) {
	l := newTestLibrary(t)
	dir := t.TempDir()
	clock := newFakeClock(t0)
	w := NewWatcher(l.Library, dir, WatchOptions{Clock: clock})
	full := readTestdata(t, "watch/orchard.txt")
	half := full[:len(full)/2]

	// Written to half a second ago: still being written.
	put(t, dir, "orchard.txt", half, clock.Now().Add(-500*time.Millisecond))
	if got := scan(t, w); got.Total() != 0 {
		t.Fatalf("a file modified 0.5 s ago was read: %v", counts(got))
	}
	// By the next scan it grew, and its writer stopped long enough ago
	// for the time alone to pass it: the size changed between scans, so
	// it waits one more.
	clock.Advance(30 * time.Second)
	put(t, dir, "orchard.txt", full, clock.Now().Add(-10*time.Second))
	if got := scan(t, w); got.Total() != 0 {
		t.Fatalf("a file that grew since the last scan was read: %v", counts(got))
	}
	clock.Advance(30 * time.Second)
	if got := counts(scan(t, w)); got != [4]int{1, 0, 0, 0} {
		t.Fatalf("the settled file: %v, want 1 added", got)
	}
	hits := l.ix.Search("growers association assessment harvest", 1)
	if len(hits) == 0 || !strings.Contains(hits[0].Doc.Body, "end of the month") {
		t.Errorf("the whole file was not stored")
	}

	// A file dated in the future (a share whose clock runs ahead) is read
	// once two scans see it the same.
	put(t, dir, "bridge.txt", readTestdata(t, "watch/bridge.txt"), clock.Now().Add(time.Hour))
	if got := scan(t, w); got.Total() != 0 {
		t.Fatalf("a future-dated file was read at first sight: %v", counts(got))
	}
	clock.Advance(30 * time.Second)
	if got := counts(scan(t, w)); got != [4]int{1, 0, 0, 0} {
		t.Fatalf("the future-dated file on the second scan: %v, want 1 added", got)
	}
}

func TestWatcherReportsBadFileOncePerVersion(t *testing.T) {
	l := newTestLibrary(t)
	dir := t.TempDir()
	clock := newFakeClock(t0)
	w := NewWatcher(l.Library, dir, WatchOptions{Clock: clock})
	old := t0.Add(-time.Hour)

	put(t, dir, "photos/harbour.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"), old)
	put(t, dir, "bridge.txt", readTestdata(t, "watch/bridge.txt"), old)
	if got := counts(scan(t, w)); got != [4]int{1, 0, 0, 1} {
		t.Fatalf("first scan = %v, want 1 added and 1 failed", got)
	}
	for range 3 {
		clock.Advance(30 * time.Second)
		if got := scan(t, w); got.Total() != 0 {
			t.Fatalf("a later scan read %v", counts(got))
		}
	}
	if got := l.log.lines("file not added", "harbour.png", "binary"); len(got) != 1 {
		t.Errorf("the binary file was logged %d times, want once: %q", len(got), got)
	}

	// Another version of it is another report.
	put(t, dir, "photos/harbour.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00\x00"), clock.Now().Add(-time.Minute))
	if got := counts(scan(t, w)); got != [4]int{0, 0, 0, 1} {
		t.Fatalf("scan of the changed binary file = %v, want 1 failed", got)
	}
	if got := l.log.lines("file not added", "harbour.png"); len(got) != 2 {
		t.Errorf("two versions of the binary file were logged %d times, want twice", len(got))
	}
}

func TestWatcherRemembersAcrossRestart(t *testing.T) {
	l := newTestLibrary(t)
	dir := t.TempDir()
	old := t0.Add(-time.Hour)
	put(t, dir, "bridge.txt", readTestdata(t, "watch/bridge.txt"), old)
	put(t, dir, "library.md", readTestdata(t, "watch/library.md"), old)
	if got := counts(scan(t, NewWatcher(l.Library, dir, WatchOptions{Clock: newFakeClock(t0)}))); got != [4]int{2, 0, 0, 0} {
		t.Fatalf("first run's scan = %v, want 2 added", got)
	}

	// While the bot is down one file changes and one is deleted.
	put(t, dir, "bridge.txt", readTestdata(t, "watch/bridge-v2.txt"), old.Add(time.Minute))
	if err := os.Remove(filepath.Join(dir, "library.md")); err != nil {
		t.Fatal(err)
	}

	l2 := openTestLibrary(t, l.path)
	w := NewWatcher(l2.Library, dir, WatchOptions{Clock: newFakeClock(t0.Add(time.Hour))})
	if got := counts(scan(t, w)); got[0]+got[2] != 1 || got[1] != 0 {
		t.Fatalf("scan after restart = %v, want only the changed file read", got)
	}
	// The deleted file, put back unchanged, is read again (and found
	// already stored).
	put(t, dir, "library.md", readTestdata(t, "watch/library.md"), old)
	if got := counts(scan(t, w)); got != [4]int{0, 1, 0, 0} {
		t.Fatalf("scan of a file put back = %v, want 1 unchanged", got)
	}
}

func TestWatcherRunScansEveryInterval(t *testing.T) {
	l := newTestLibrary(t)
	dir := t.TempDir()
	clock := newFakeClock(t0)
	w := NewWatcher(l.Library, dir, WatchOptions{Clock: clock})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()

	if d := clock.waitSleep(t); d != 30*time.Second {
		t.Errorf("Run sleeps %v between scans, want 30s", d)
	}
	put(t, dir, "bridge.txt", readTestdata(t, "watch/bridge.txt"), clock.Now().Add(-time.Minute))
	clock.Advance(30 * time.Second)
	clock.waitSleep(t) // the second scan is over
	if n := l.count(t); n != 1 {
		t.Errorf("after one interval the store holds %d documents, want 1", n)
	}
	if got := l.searchTitles("railway bridge cracks"); len(got) == 0 {
		t.Errorf("the file is not searchable after the scan")
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run returned %v when its context ended, want nil", err)
	}
}

func TestWatcherRunLogsAMissingFolderOnce(t *testing.T) {
	l := newTestLibrary(t)
	dir := filepath.Join(t.TempDir(), "incoming")
	clock := newFakeClock(t0)
	w := NewWatcher(l.Library, dir, WatchOptions{Clock: clock})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	for range 3 {
		clock.waitSleep(t)
		clock.Advance(30 * time.Second)
	}
	clock.waitSleep(t)
	if got := l.log.lines("scan failed", "incoming"); len(got) != 1 {
		t.Errorf("a missing folder was logged %d times in 4 scans, want once: %q", len(got), got)
	}
	// Created, it is scanned.
	put(t, dir, "bridge.txt", readTestdata(t, "watch/bridge.txt"), t0)
	clock.Advance(30 * time.Second)
	clock.waitSleep(t)
	if n := l.count(t); n != 1 {
		t.Errorf("the folder's file was not added once the folder appeared: %d documents", n)
	}
	cancel()
	<-done
}
