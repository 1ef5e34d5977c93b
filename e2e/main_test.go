package e2e

import (
	"os"
	"testing"

	"github.com/newsdesk/newsdesk/internal/storetest"
)

// TestMain runs the tests; with NEWSDESK_TEST_POSTGRES set, those on a
// shared store (the replicas) run again on PostgreSQL (see storetest).
func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }
