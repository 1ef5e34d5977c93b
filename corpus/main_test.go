package corpus

import (
	"os"
	"testing"

	"github.com/newsdesk/newsdesk/internal/storetest"
)

// TestMain runs the store's tests on SQLite and, with NEWSDESK_TEST_POSTGRES
// set, on PostgreSQL too (see storetest).
func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }
