package corpus

import (
	"context"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/newsdesk/newsdesk/internal/storetest"
)

func TestRebind(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = $1 AND c = $2"},
		{"UPDATE d SET x = ?1 WHERE id = ?2 OR x = ?2", "UPDATE d SET x = $1 WHERE id = $2 OR x = $2"},
		{"VALUES (0, ?2, ?1), (1, ?3, ?1)", "VALUES (0, $2, $1), (1, $3, $1)"},
		{"SELECT ?3, ?", "SELECT $3, $4"}, // as SQLite numbers a bare ? after ?NNN
		{"SELECT '?', \"a?\" FROM t WHERE x = ?", "SELECT '?', \"a?\" FROM t WHERE x = $1"},
		{"SELECT 'it''s ?' WHERE x = ?", "SELECT 'it''s ?' WHERE x = $1"},
		{"SELECT 1 -- what?\nWHERE x = ?", "SELECT 1 -- what?\nWHERE x = $1"},
		{"SELECT /* ? */ ?", "SELECT /* ? */ $1"},
		{"SELECT 'open ?", "SELECT 'open ?"},
	} {
		if got := rebind(c.in); got != c.want {
			t.Errorf("rebind(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestOpenPostgresSaysWhatIsWrong: a bad URL or a server that does not
// answer is refused naming what is wrong, and never shows the password.
func TestOpenPostgresSaysWhatIsWrong(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String() // nothing listens there once closed
	l.Close()
	for _, c := range []struct {
		url  string
		want []string
	}{
		{"postgres://newsdesk:s3cret@" + closed + "/news?connect_timeout=5", []string{"cannot reach PostgreSQL", closed, "news"}},
		{"postgres://newsdesk:s3cret@localhost:notaport/news", []string{"malformed PostgreSQL URL"}},
		{"postgres://newsdesk:s3cret@" + closed + "/news?sslmode=sometimes", []string{"malformed PostgreSQL URL", "sslmode"}},
		{"postgresql://" + closed + "/news?password=s3cret&connect_timeout=5", []string{"cannot reach PostgreSQL"}},
	} {
		_, err := Open(context.Background(), c.url)
		if err == nil {
			t.Errorf("Open(%s) succeeded", RedactURL(c.url))
			continue
		}
		msg := err.Error()
		t.Log(msg)
		if strings.Contains(msg, "s3cret") {
			t.Errorf("error shows the password: %s", msg)
		}
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("Open(%s) = %q, want it to say %q", RedactURL(c.url), msg, w)
			}
		}
	}
}

// TestOpenTogether: replicas that start at once on a new database migrate
// it once between them, and all open it.
func TestOpenTogether(t *testing.T) {
	loc := storetest.Location(t, "news.db")
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			s, err := Open(context.Background(), loc)
			if err == nil {
				err = s.Extend(context.Background(), "digest", []Migration{{Name: "t", SQL: "CREATE TABLE t (x INTEGER)"}})
				s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("store %d: %v", i, err)
		}
	}
}
