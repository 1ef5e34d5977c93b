package corpus

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/storetest"
)

// sqlFile runs a script of SQL statements on a new database file.
func sqlFile(t *testing.T, script string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(script); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestStoreMigrations(t *testing.T) {
	storetest.SQLiteOnly(t, "reads PRAGMA user_version and writes old files by hand (TestOpenTogether migrates PostgreSQL)")
	ctx := context.Background()
	t.Run("new file", func(t *testing.T) {
		s, path := openTestStore(t)
		s.Close()
		s, err := Open(ctx, path) // and again: nothing to do
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		var version int
		var mode string
		s.db.QueryRow("PRAGMA user_version").Scan(&version)
		s.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
		if version != len(migrations) || mode != "wal" {
			t.Errorf("user_version %d, journal_mode %s; want %d, wal", version, mode, len(migrations))
		}
	})
	t.Run("version 1 file", func(t *testing.T) {
		script, err := os.ReadFile(filepath.Join("testdata", "store", "v1.sql"))
		if err != nil {
			t.Fatal(err)
		}
		s, err := Open(ctx, sqlFile(t, string(script)))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		d, err := s.Document(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Text(d.Sentences[2]); got != "New paragraph here." || d.Published.Format(dateLayout) != "2025-05-02" {
			t.Errorf("version 1 document read as %+v", d)
		}
		d2, err := s.Document(ctx, 2)
		if err != nil || d2.DuplicateOf != 1 || !d2.Published.IsZero() || d2.Added.Nanosecond() != 5e8 {
			t.Errorf("version 1 duplicate read as %+v, %v", d2, err)
		}
		if seq, _ := s.MaxSeq(ctx); seq != 2 {
			t.Errorf("MaxSeq = %d, want 2", seq)
		}
	})
	t.Run("upgrade keeps data", func(t *testing.T) {
		s, path := openTestStore(t)
		mustAdd(t, s, seedDocs(t)...)
		before := dumpStore(t, s, true)
		next := append(slices.Clip(migrations), Migration{Name: "test table", SQL: "CREATE TABLE later (x INTEGER)"})
		if err := migrate(ctx, s.db, next); err != nil {
			t.Fatal(err)
		}
		if after := dumpStore(t, s, true); after != before {
			t.Errorf("migration changed the documents")
		}
		s.Close()
		// Now the file is newer than this program.
		if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "newer") {
			t.Errorf("opening a file of a newer schema: error %v, want one saying it is newer", err)
		}
	})
	t.Run("failed step rolls back", func(t *testing.T) {
		s, _ := openTestStore(t)
		next := append(slices.Clip(migrations), Migration{Name: "broken", SQL: "CREATE TABLE half (x); CREATE TABLE nonsense ("})
		err := migrate(ctx, s.db, next)
		if err == nil || !strings.Contains(err.Error(), "broken") {
			t.Fatalf("failed step: error %v, want one naming the step", err)
		}
		var version, tables int
		s.db.QueryRow("PRAGMA user_version").Scan(&version)
		s.db.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'half'").Scan(&tables)
		if version != len(migrations) || tables != 0 {
			t.Errorf("after a failed step: user_version %d, table half present %d; want %d, 0", version, tables, len(migrations))
		}
	})
	t.Run("not a database", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "notes.txt")
		os.WriteFile(path, []byte(strings.Repeat("not sqlite\n", 100)), 0o644)
		if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("opening a text file: error %v, want one naming the file", err)
		}
	})
}
