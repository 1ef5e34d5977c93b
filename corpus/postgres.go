package corpus

// A store can live in PostgreSQL instead of an SQLite file, so that
// several bot processes (replicas) share one corpus, one set of
// subscriptions and one update offset. Open takes a postgres:// URL for it.
//
// The SQL of this package and of the packages that keep tables in the
// store (digest, follow, intake) is written once, with SQLite's "?"
// placeholders; the connection rewrites them to PostgreSQL's "$n" (rebind)
// as each statement reaches it, so no query is kept twice. Where the two
// dialects differ in more than placeholders, the SQL is written in the
// form both accept (ON CONFLICT DO NOTHING, CAST, "active = 1") or branches
// on Store.Dialect; a schema step whose DDL differs carries a PostgreSQL
// variant (Migration.Postgres).
//
// SQLite has one writer at a time, and every write transaction here takes
// the write lock when it begins (BEGIN IMMEDIATE, see Open): code that
// reads and then writes in one transaction (the next seq of a batch, the
// next number of a follow) relies on that. A PostgreSQL transaction gets
// the same guarantee from a transaction-scoped advisory lock taken as it
// begins (writeLockKey), so the rules hold, unchanged, across processes.

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// Dialect is the SQL dialect of a store's database.
type Dialect int

const (
	SQLite     Dialect = iota // an SQLite file, or a store in memory
	PostgreSQL                // a PostgreSQL database, shared by replicas
)

func (d Dialect) String() string {
	if d == PostgreSQL {
		return "PostgreSQL"
	}
	return "SQLite"
}

// Dialect returns the SQL dialect of the store's database, for a component
// whose SQL must differ between the two.
func (s *Store) Dialect() Dialect { return s.dialect }

// IsPostgres reports whether location names a PostgreSQL database (a
// postgres:// or postgresql:// URL) rather than an SQLite file.
func IsPostgres(location string) bool {
	l := strings.ToLower(location)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// RedactURL returns location with any password in it replaced by "xxxxx",
// for errors and logs; a path is returned as it is.
func RedactURL(location string) string {
	if !IsPostgres(location) {
		return location
	}
	u, err := url.Parse(location)
	if err != nil {
		// Too malformed to say where the password is: keep the scheme only.
		scheme, _, _ := strings.Cut(location, "://")
		return scheme + "://…"
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// writeLockKey is the PostgreSQL advisory lock every write transaction
// holds, as SQLite's write lock (advisory locks are per database, so
// stores in other databases of the same server do not wait on it).
const writeLockKey = 0x6e657773 // "news"

// pgMaxConns bounds the connections one process opens. A server admits
// max_connections (100 by default) in all, and the digest delivers to up
// to 100 chats at once, each needing a connection now and then: without a
// bound one replica alone would be refused connections. Idle ones are
// kept, since a new PostgreSQL connection costs a process on the server.
const pgMaxConns = 16

// openPostgres connects to the PostgreSQL database at location and checks
// that it answers.
func openPostgres(ctx context.Context, location string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(location)
	if err != nil {
		return nil, fmt.Errorf("malformed PostgreSQL URL: %w", parseError(err))
	}
	db := sql.OpenDB(pgConnector{stdlib.GetConnector(*cfg)})
	db.SetMaxOpenConns(pgMaxConns)
	db.SetMaxIdleConns(pgMaxConns)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		// pgx lists each address tried on a line of its own.
		why := strings.Join(strings.Fields(err.Error()), " ")
		return nil, fmt.Errorf("cannot reach PostgreSQL at %s:%d: %s", cfg.Host, cfg.Port, why)
	}
	return db, nil
}

// parseError returns what pgx found wrong in a URL without the URL, which
// pgx quotes (its password masked) and the caller names already.
func parseError(err error) error {
	var pe *pgconn.ParseConfigError
	if !errors.As(err, &pe) {
		return err
	}
	_, why, ok := strings.Cut(pe.Error(), "`: ")
	if !ok {
		return err
	}
	return errors.New(why)
}

// pgConnector makes connections that rebind placeholders and take the
// write lock at the start of every transaction.
type pgConnector struct{ base driver.Connector }

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{conn.(*stdlib.Conn)}, nil
}

func (c pgConnector) Driver() driver.Driver { return c.base.Driver() }

// pgConn is a pgx connection that takes SQLite-style SQL.
type pgConn struct{ *stdlib.Conn }

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rebind(query))
}

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(query), args)
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(query), args)
}

// BeginTx begins a transaction and, unless it is read-only, waits for the
// store's write lock, which it holds until it commits or rolls back.
func (c *pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.Conn.BeginTx(ctx, opts)
	if err != nil || opts.ReadOnly {
		return tx, err
	}
	if _, err := c.Conn.ExecContext(ctx, "SELECT pg_advisory_xact_lock("+strconv.Itoa(writeLockKey)+")", nil); err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("take the store's write lock: %w", err)
	}
	return tx, nil
}

// rebind rewrites SQLite's placeholders in query to PostgreSQL's: "?NNN"
// becomes "$NNN", and a bare "?" the number after the largest used before
// it, as SQLite numbers them. A "?" inside a string literal, a quoted
// name or a comment is left alone.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	last := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			end := strings.IndexByte(query[i+1:], c)
			if end < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+end+2])
			i += end + 1
		case c == '-' && strings.HasPrefix(query[i:], "--"):
			end := strings.IndexByte(query[i:], '\n')
			if end < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+end+1])
			i += end
		case c == '/' && strings.HasPrefix(query[i:], "/*"):
			end := strings.Index(query[i+2:], "*/")
			if end < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+end+4])
			i += end + 3
		case c == '?':
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			n := last + 1
			if j > i+1 {
				n, _ = strconv.Atoi(query[i+1 : j])
			}
			last = max(last, n)
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
