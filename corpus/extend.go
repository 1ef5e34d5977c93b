package corpus

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Migration is one step of a component's schema: the statements that
// create or change its tables. A released step is never edited, only
// followed by new ones.
type Migration struct {
	Name string // what the step adds, for error messages
	SQL  string // statements run in the step's transaction
	// Postgres is SQL as PostgreSQL takes it, when the two differ (BIGINT
	// for 64-bit integers, identity columns, BYTEA; see postgres.go);
	// "" runs SQL on both.
	Postgres string
}

// Extend brings the tables of component (a package that keeps its own
// data in the store's file, such as digest subscriptions) up to the
// given steps, applying the ones not applied yet, each in its own
// transaction together with the count of steps done; a crash leaves the
// component at the previous step or the next. A file whose component has
// applied more steps than given was written by a newer program and is
// refused.
func (s *Store) Extend(ctx context.Context, component string, steps []Migration) error {
	if component == "" {
		return errors.New("extend store: empty component name")
	}
	if component == pgCorpusComponent {
		return fmt.Errorf("extend store: component name %q is the corpus's own", component)
	}
	for {
		done, err := applyStep(ctx, s.db, s.dialect, component, steps)
		if err != nil {
			return fmt.Errorf("extend store for %s: %w", component, err)
		}
		if done {
			return nil
		}
	}
}

// applyStep applies component's next step, if any, in dialect d and
// reports whether it was already current.
func applyStep(ctx context.Context, db *sql.DB, d Dialect, component string, steps []Migration) (bool, error) {
	tx, err := db.BeginTx(ctx, nil) // BEGIN IMMEDIATE (or the advisory lock): the count is read under the write lock
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if d == PostgreSQL {
		// There, the corpus counts its own steps in schema_steps too.
		if _, err := tx.ExecContext(ctx, pgSchemaSteps); err != nil {
			return false, fmt.Errorf("schema steps table: %w", err)
		}
	}
	var version int
	err = tx.QueryRowContext(ctx, "SELECT version FROM schema_steps WHERE component = ?", component).Scan(&version)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	switch {
	case version > len(steps):
		return false, fmt.Errorf("schema version %d is newer than this program's %d: open it with a newer newsdesk", version, len(steps))
	case version == len(steps):
		return true, nil
	}
	step := steps[version]
	stmts := step.SQL
	if d == PostgreSQL && step.Postgres != "" {
		stmts = step.Postgres
	}
	if _, err := tx.ExecContext(ctx, stmts); err != nil {
		return false, fmt.Errorf("step %d (%s): %w", version+1, step.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_steps (component, version) VALUES (?, ?)
		ON CONFLICT (component) DO UPDATE SET version = excluded.version`, component, version+1); err != nil {
		return false, fmt.Errorf("step %d (%s): %w", version+1, step.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("step %d (%s): %w", version+1, step.Name, err)
	}
	return false, nil
}

// DB returns the store's database, for components that keep their own
// tables in the file (see Extend). Writers should keep transactions
// short: every writer, this package's included, takes the write lock when
// it begins. An in-memory store has exactly one connection, so a caller
// must not run a query while it still reads the rows of another (for
// instance inside a Documents loop).
func (s *Store) DB() *sql.DB { return s.db }

// Value returns the setting stored under key, and whether there is one.
func (s *Store) Value(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("setting %q: %w", key, err)
	}
	return v, true, nil
}

// SetValue stores value under key, replacing what was there; it is
// durable once SetValue returns (as durable as a commit in WAL mode with
// synchronous=NORMAL: see Open).
func (s *Store) SetValue(ctx context.Context, key, value string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("set %q: %w", key, err)
	}
	return nil
}
