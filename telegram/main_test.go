package telegram

import (
	"os"
	"testing"

	"github.com/newsdesk/newsdesk/internal/storetest"
)

// TestMain runs the tests on SQLite and, with NEWSDESK_TEST_POSTGRES set,
// the store-backed ones (the replicas' update claims) on PostgreSQL too.
func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }
