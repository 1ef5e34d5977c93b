// Package storetest runs a package's store-backed tests on both of the
// store's databases: SQLite always, and PostgreSQL when the environment
// variable NEWSDESK_TEST_POSTGRES holds the URL of a server where the
// tests may create databases (CI sets it; without it the PostgreSQL pass
// is skipped).
//
// A package opts in with
//
//	func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }
//
// and its tests ask Location for where to keep a store instead of making
// a path themselves. Main runs every test on SQLite first, noting the
// tests that asked for a location, then runs those again with Location
// answering a fresh PostgreSQL schema of their own, dropped when the test
// ends.
package storetest

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// Env names the environment variable that holds the PostgreSQL URL.
const Env = "NEWSDESK_TEST_POSTGRES"

var (
	mu       sync.Mutex
	postgres bool            // this pass runs on PostgreSQL
	asked    map[string]bool // top-level tests that asked for a location
	admin    *sql.DB         // connection to Env's database, to make and drop schemas
	made     int             // databases made by this process
)

// Main runs m's tests on SQLite, then those that used Location again on
// PostgreSQL when Env is set, and returns the exit code for os.Exit.
func Main(m *testing.M) int {
	mu.Lock()
	asked = map[string]bool{}
	mu.Unlock()
	code := m.Run()
	server := os.Getenv(Env)
	mu.Lock()
	names := make([]string, 0, len(asked))
	for n := range asked {
		names = append(names, regexp.QuoteMeta(n))
	}
	mu.Unlock()
	if server == "" || len(names) == 0 {
		return code
	}
	sort.Strings(names)
	// The connection that makes and drops the schemas is made here, before
	// any test: one made inside a testing/synctest bubble would belong to
	// that bubble, and outlive it.
	var err error
	if admin, err = sql.Open("pgx", server); err == nil {
		admin.SetMaxOpenConns(1)
		err = admin.Ping()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "storetest: %s: %v\n", Env, err)
		return 1
	}
	defer admin.Close()
	fmt.Printf("storetest: running %d store-backed tests again on PostgreSQL\n", len(names))
	if err := flag.Set("test.run", "^("+strings.Join(names, "|")+")$"); err != nil {
		fmt.Fprintln(os.Stderr, "storetest:", err)
		return 1
	}
	mu.Lock()
	postgres = true
	mu.Unlock()
	if pg := m.Run(); pg != 0 {
		code = pg
	}
	return code
}

// Postgres reports whether the tests run on PostgreSQL in this pass.
func Postgres() bool {
	mu.Lock()
	defer mu.Unlock()
	return postgres
}

// SQLiteOnly skips t on PostgreSQL: it checks something only SQLite has.
func SQLiteOnly(t testing.TB, why string) {
	t.Helper()
	if Postgres() {
		t.Skip("SQLite only: " + why)
	}
}

// Location returns where t keeps its store named name (tests that need
// two stores give two names): a file in t.TempDir() on SQLite, a new
// empty schema on PostgreSQL, dropped when t ends. Opening the same
// location again opens the same store.
func Location(t testing.TB, name string) string {
	t.Helper()
	// Read here, inside a test, so that go test's cache knows the results
	// depend on it (it records what tests read, not what TestMain does).
	os.Getenv(Env)
	root, _, _ := strings.Cut(t.Name(), "/")
	mu.Lock()
	if asked != nil {
		asked[root] = true
	}
	pg := postgres
	mu.Unlock()
	if !pg {
		return filepath.Join(t.TempDir(), name)
	}
	return newDatabase(t)
}

// newDatabase makes t a store of its own on Env's server: a new schema,
// first on the search path of the URL it returns, dropped when t ends.
// (A schema takes milliseconds to make, a database half a second.)
func newDatabase(t testing.TB) string {
	t.Helper()
	server := os.Getenv(Env)
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("%s is not a URL: %v", Env, err)
	}
	mu.Lock()
	made++
	schema := fmt.Sprintf("newsdesk_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6, made)
	mu.Unlock()
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create test schema on %s: %v", u.Redacted(), err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop test schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
