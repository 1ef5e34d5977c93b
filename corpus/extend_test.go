package corpus

import (
	"context"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/storetest"
)

func TestExtendAppliesEachStepOnce(t *testing.T) {
	ctx := context.Background()
	path := storetest.Location(t, "news.db")
	steps := []Migration{
		{Name: "subscribers", SQL: "CREATE TABLE subscribers (chat INTEGER PRIMARY KEY)"},
		{Name: "watermarks", SQL: "ALTER TABLE subscribers ADD COLUMN seen INTEGER NOT NULL DEFAULT 0"},
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Extend(ctx, "digest", steps[:1]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, "INSERT INTO subscribers (chat) VALUES (42)"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// A later program adds a step; the first is not run again (it would
	// fail: the table exists) and the row survives.
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Extend(ctx, "digest", steps); err != nil {
		t.Fatal(err)
	}
	if err := s.Extend(ctx, "digest", steps); err != nil {
		t.Fatalf("second Extend with the same steps: %v", err)
	}
	var chat, seen int
	if err := s.DB().QueryRowContext(ctx, "SELECT chat, seen FROM subscribers").Scan(&chat, &seen); err != nil {
		t.Fatal(err)
	}
	if chat != 42 || seen != 0 {
		t.Errorf("row = (%d, %d), want (42, 0)", chat, seen)
	}

	// An older program, knowing one step, refuses the file.
	err = s.Extend(ctx, "digest", steps[:1])
	if err == nil || !strings.Contains(err.Error(), "newer") || !strings.Contains(err.Error(), "digest") {
		t.Errorf("older steps: err = %v, want a refusal naming the component", err)
	}
}

func TestExtendFailedStepLeavesPreviousVersion(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	steps := []Migration{
		{Name: "good", SQL: "CREATE TABLE a (x INTEGER)"},
		{Name: "bad", SQL: "CREATE TABLE b (x INTEGER); SELECT * FROM missing"},
	}
	err = s.Extend(ctx, "c", steps)
	if err == nil || !strings.Contains(err.Error(), "step 2 (bad)") {
		t.Fatalf("err = %v, want one naming step 2 (bad)", err)
	}
	var n int
	s.DB().QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE name = 'b'").Scan(&n)
	if n != 0 {
		t.Error("table b of the failed step exists: the step was not rolled back")
	}
	if err := s.Extend(ctx, "c", steps[:1]); err != nil {
		t.Errorf("after the failure the component is at step 1: %v", err)
	}
}

func TestValuesSurviveReopen(t *testing.T) {
	ctx := context.Background()
	path := storetest.Location(t, "news.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Value(ctx, "telegram.offset"); ok || err != nil {
		t.Fatalf("Value on a new store = ok %v, err %v; want none", ok, err)
	}
	for _, v := range []string{"17", "18"} {
		if err := s.SetValue(ctx, "telegram.offset", v); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v, ok, err := s.Value(ctx, "telegram.offset")
	if err != nil || !ok || v != "18" {
		t.Errorf("Value after reopen = %q, %v, %v; want 18", v, ok, err)
	}
}
