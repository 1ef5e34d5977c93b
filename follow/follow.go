// Package follow alerts chats to new material on the stories they follow.
//
// A chat follows a query (/follow Rotterdam strike). As soon as a document
// that matches one of its queries is added — from the watched folder, a
// feed, a file or a link an administrator sent — the chat gets its title,
// outlet and date, and its most relevant sentence for the query, quoted
// verbatim (qa.Match says what matches: every word of the query in one
// paragraph). Each article reaches a chat once, however many of its
// follows it matches and however often the bot restarts.
//
// Its tables live in the store's database (corpus.Store.Extend):
//
//	follow_queries    the queries chats follow, numbered per chat in the
//	                  order they were added (what /unfollow N names).
//	follow_chats      each following chat's watermark: the highest
//	                  document Seq it has been judged against.
//	follow_alerts     the alerts composed for a chat, one per document,
//	                  and whether Telegram confirmed each.
//
// The protocol, as for digests: a pass writes a chat's new alerts and moves
// its watermark in one transaction, then sends the alerts not yet
// confirmed, oldest first, marking each when Telegram confirms it. A crash
// loses nothing (unsent alerts are sent by the next pass) and repeats at
// most the alert in flight. The primary key (chat, document) makes an
// article one alert per chat.
//
// Replicas sharing the store each run the passes; a chat's alerts are
// judged and sent by one of them at a time, the one holding the chat's
// lease (corpus.Leases, kind "follow"), renewed before each alert and
// freed after the chat's turn. A replica that dies holding one holds it
// until it expires (Options.Lease); the next pass of another then sends
// what it left unsent.
package follow

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/qa"
	"github.com/newsdesk/newsdesk/telegram"
)

var migrations = []corpus.Migration{{
	Name: "followed queries, watermarks and alerts",
	SQL: `
CREATE TABLE follow_queries (
	chat_id INTEGER NOT NULL,
	n       INTEGER NOT NULL,
	query   TEXT    NOT NULL,
	created INTEGER NOT NULL,
	PRIMARY KEY (chat_id, n)
) WITHOUT ROWID;
CREATE TABLE follow_chats (
	chat_id   INTEGER PRIMARY KEY,
	watermark INTEGER NOT NULL
);
CREATE TABLE follow_alerts (
	chat_id INTEGER NOT NULL,
	doc_id  INTEGER NOT NULL,
	seq     INTEGER NOT NULL,
	html    TEXT    NOT NULL,
	sent    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (chat_id, doc_id)
) WITHOUT ROWID;
`,
	Postgres: `
CREATE TABLE follow_queries (
	chat_id BIGINT NOT NULL,
	n       BIGINT NOT NULL,
	query   TEXT   NOT NULL,
	created BIGINT NOT NULL,
	PRIMARY KEY (chat_id, n)
);
CREATE TABLE follow_chats (
	chat_id   BIGINT PRIMARY KEY,
	watermark BIGINT NOT NULL
);
CREATE TABLE follow_alerts (
	chat_id BIGINT NOT NULL,
	doc_id  BIGINT NOT NULL,
	seq     BIGINT NOT NULL,
	html    TEXT   NOT NULL,
	sent    BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (chat_id, doc_id)
);
`,
}}

// MaxFollows is how many queries one chat may follow.
const MaxFollows = 20

// MaxQuery is the longest query, in bytes.
const MaxQuery = 200

// Sender sends one Telegram-HTML message; digest.TelegramSender is one.
type Sender interface {
	SendHTMLPart(ctx context.Context, chatID int64, html string) error
}

// Options tune a Service. The zero value is ready to use.
type Options struct {
	// Interval is how often Run looks for new documents (default 5 s): the
	// most an alert waits after its document is stored.
	Interval time.Duration
	// MaxScan bounds the documents one pass reads for a chat (default
	// 1000); the next pass goes on from there.
	MaxScan int
	Logger  *slog.Logger
	// Lease is how long a replica may go without a word while it sends a
	// chat's alerts before another takes over (default 5 minutes).
	Lease time.Duration
	// Replica names this service among the replicas sharing the store
	// (default a random name, new for each Service).
	Replica string
}

// Service keeps the follows and sends their alerts. It is safe for
// concurrent use: the bot's handlers call Follow, Following and Unfollow
// while Run sends.
type Service struct {
	passMu sync.Mutex // one Pass at a time in this process; leases order replicas
	store  *corpus.Store
	leases *corpus.Leases // of the chats whose alerts are being sent, among replicas
	sender Sender
	o      Options
	log    *slog.Logger
}

// New returns a Service keeping its tables in store and sending through
// sender.
func New(ctx context.Context, store *corpus.Store, sender Sender, o Options) (*Service, error) {
	if o.Interval <= 0 {
		o.Interval = 5 * time.Second
	}
	if o.MaxScan <= 0 {
		o.MaxScan = 1000
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Lease <= 0 {
		o.Lease = 5 * time.Minute
	}
	if o.Replica == "" {
		o.Replica = "replica-" + rand.Text()[:12]
	}
	if err := store.Extend(ctx, "follow", migrations); err != nil {
		return nil, fmt.Errorf("follow: %w", err)
	}
	return &Service{store: store, leases: store.Leases("follow", o.Replica, o.Lease, nil), sender: sender, o: o,
		log: o.Logger.With("component", "follow")}, nil
}

// Query is one followed query of a chat.
type Query struct {
	N     int    // its number in the chat's list, from 1
	Query string // as the chat wrote it
}

// ErrQuery means a query is empty or longer than MaxQuery.
var ErrQuery = fmt.Errorf("a followed query has 1 to %d bytes", MaxQuery)

// ErrTooMany means the chat follows MaxFollows queries already.
var ErrTooMany = fmt.Errorf("a chat follows at most %d queries", MaxFollows)

// Follow makes chatID follow query, from the documents added after now,
// and returns its number. Following the same query twice keeps one.
func (s *Service) Follow(ctx context.Context, chatID int64, query string) (Query, error) {
	query = strings.Join(strings.Fields(query), " ")
	if query == "" || len(query) > MaxQuery {
		return Query{}, ErrQuery
	}
	db := s.store.DB()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return Query{}, err
	}
	defer tx.Rollback()
	var n int
	err = tx.QueryRowContext(ctx, "SELECT n FROM follow_queries WHERE chat_id = ? AND query = ?", chatID, query).Scan(&n)
	if err == nil {
		return Query{N: n, Query: query}, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return Query{}, err
	}
	var count, last int
	if err := tx.QueryRowContext(ctx, "SELECT count(*), coalesce(max(n), 0) FROM follow_queries WHERE chat_id = ?", chatID).Scan(&count, &last); err != nil {
		return Query{}, err
	}
	if count >= MaxFollows {
		return Query{}, ErrTooMany
	}
	var seq int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM documents").Scan(&seq); err != nil {
		return Query{}, err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO follow_queries (chat_id, n, query, created) VALUES (?, ?, ?, ?)",
		chatID, last+1, query, time.Now().Unix()); err != nil {
		return Query{}, err
	}
	// A chat's first follow starts at what is stored now; later ones share
	// its watermark (material already judged is not judged again).
	if _, err := tx.ExecContext(ctx, "INSERT INTO follow_chats (chat_id, watermark) VALUES (?, ?) ON CONFLICT DO NOTHING", chatID, seq); err != nil {
		return Query{}, err
	}
	return Query{N: last + 1, Query: query}, tx.Commit()
}

// Following returns the queries chatID follows, in order.
func (s *Service) Following(ctx context.Context, chatID int64) ([]Query, error) {
	rows, err := s.store.DB().QueryContext(ctx, "SELECT n, query FROM follow_queries WHERE chat_id = ? ORDER BY n", chatID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Query
	for rows.Next() {
		var q Query
		if err := rows.Scan(&q.N, &q.Query); err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// Unfollow stops chatID following its query number n and returns it; false
// when it has no such query.
func (s *Service) Unfollow(ctx context.Context, chatID int64, n int) (Query, bool, error) {
	q := Query{N: n}
	err := s.store.DB().QueryRowContext(ctx, "DELETE FROM follow_queries WHERE chat_id = ? AND n = ? RETURNING query", chatID, n).Scan(&q.Query)
	if errors.Is(err, sql.ErrNoRows) {
		return Query{}, false, nil
	}
	return q, err == nil, err
}

// Run makes a pass every Interval until ctx ends.
func (s *Service) Run(ctx context.Context) error {
	t := time.NewTicker(s.o.Interval)
	defer t.Stop()
	for {
		if _, err := s.Pass(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("follow pass failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Pass judges the documents added since each following chat's watermark
// against its queries, stores the alerts, and sends every alert not yet
// confirmed. It returns how many Telegram confirmed.
func (s *Service) Pass(ctx context.Context) (int, error) {
	s.passMu.Lock()
	defer s.passMu.Unlock()
	chats, err := s.chats(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	var errs []error
	for _, chat := range chats {
		n, err := s.turn(ctx, chat)
		sent += n
		if err != nil {
			errs = append(errs, fmt.Errorf("chat %d: %w", chat, err))
		}
	}
	return sent, errors.Join(errs...)
}

// turn judges and sends chat's alerts under its lease; a chat another
// replica holds is left to it.
func (s *Service) turn(ctx context.Context, chat int64) (int, error) {
	held, err := s.leases.Take(ctx, chat)
	if err != nil || !held {
		return 0, err
	}
	defer func() {
		if err := s.leases.Free(context.WithoutCancel(ctx), chat); err != nil {
			s.log.Warn("follow lease not freed; it expires", "chat", chat, "after", s.o.Lease, "err", err)
		}
	}()
	if err := s.judge(ctx, chat); err != nil {
		return 0, err
	}
	n, err := s.send(ctx, chat)
	if errors.Is(err, corpus.ErrLeaseLost) {
		s.log.Warn("follow lease lost to another replica, leaving it the rest", "chat", chat)
		err = nil
	}
	return n, err
}

// chats returns the chats that follow a query or have alerts to send.
func (s *Service) chats(ctx context.Context) ([]int64, error) {
	rows, err := s.store.DB().QueryContext(ctx,
		"SELECT chat_id FROM follow_chats WHERE chat_id IN (SELECT chat_id FROM follow_queries) "+
			"OR chat_id IN (SELECT chat_id FROM follow_alerts WHERE sent = 0) ORDER BY chat_id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// judge composes chat's alerts for the documents after its watermark and
// stores them with the new watermark, in one transaction.
func (s *Service) judge(ctx context.Context, chat int64) error {
	qs, err := s.Following(ctx, chat)
	if err != nil {
		return err
	}
	var wm int64
	if err := s.store.DB().QueryRowContext(ctx, "SELECT watermark FROM follow_chats WHERE chat_id = ?", chat).Scan(&wm); err != nil {
		return err
	}
	type alert struct {
		doc  *corpus.Document
		html string
	}
	var alerts []alert
	last, n := wm, 0
	for d, err := range s.store.Documents(ctx, wm) {
		if err != nil {
			return err
		}
		if n == s.o.MaxScan {
			break
		}
		n++
		last = d.Seq
		if html, ok := alertHTML(d, qs); ok {
			alerts = append(alerts, alert{d, html})
		}
	}
	if last == wm {
		return nil
	}
	tx, err := s.store.DB().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, a := range alerts {
		if _, err := tx.ExecContext(ctx, "INSERT INTO follow_alerts (chat_id, doc_id, seq, html) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
			chat, a.doc.ID, a.doc.Seq, a.html); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE follow_chats SET watermark = ? WHERE chat_id = ? AND watermark = ?", last, chat, wm); err != nil {
		return err
	}
	return tx.Commit()
}

// send sends chat's unconfirmed alerts, oldest first, marking each as
// Telegram confirms it. A chat that blocked the bot or is gone (403)
// stops following: its queries and unsent alerts are dropped.
func (s *Service) send(ctx context.Context, chat int64) (int, error) {
	rows, err := s.store.DB().QueryContext(ctx, "SELECT doc_id, html FROM follow_alerts WHERE chat_id = ? AND sent = 0 ORDER BY seq", chat)
	if err != nil {
		return 0, err
	}
	type pending struct {
		doc  int64
		html string
	}
	var todo []pending
	for rows.Next() {
		var p pending
		if err := rows.Scan(&p.doc, &p.html); err != nil {
			rows.Close()
			return 0, err
		}
		todo = append(todo, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	sent := 0
	for _, p := range todo {
		if err := s.leases.Renew(ctx, chat); err != nil {
			return sent, err
		}
		if err := s.sender.SendHTMLPart(ctx, chat, p.html); err != nil {
			if telegram.IsForbidden(err) {
				s.log.Info("chat stopped following: the bot may not write there", "chat", chat, "err", err)
				return sent, s.drop(ctx, chat)
			}
			return sent, err
		}
		if _, err := s.store.DB().ExecContext(ctx, "UPDATE follow_alerts SET sent = 1 WHERE chat_id = ? AND doc_id = ?", chat, p.doc); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// drop ends every follow of chat.
func (s *Service) drop(ctx context.Context, chat int64) error {
	tx, err := s.store.DB().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range []string{"DELETE FROM follow_queries WHERE chat_id = ?", "DELETE FROM follow_alerts WHERE chat_id = ? AND sent = 0"} {
		if _, err := tx.ExecContext(ctx, q, chat); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// alertHTML composes the alert of document d for a chat following qs: its
// title, outlet and date, the query it matched, and its sentence for that
// query quoted verbatim. A document matching several queries is one alert,
// for the first it matches.
func alertHTML(d *corpus.Document, qs []Query) (string, bool) {
	for _, q := range qs {
		s, ok := qa.Match(d, q.Query)
		if !ok {
			continue
		}
		var b strings.Builder
		title := d.Title
		if title == "" {
			title = "Untitled"
		}
		b.WriteString("<b>New on " + telegram.EscapeHTML(q.Query) + ":</b> " + telegram.Link(d.URL, title) + "\n")
		meta := []string{}
		if d.Outlet != "" {
			meta = append(meta, d.Outlet)
		}
		if !d.Published.IsZero() {
			meta = append(meta, d.Published.Format("2006-01-02"))
		}
		if len(meta) > 0 {
			b.WriteString(telegram.EscapeHTML(strings.Join(meta, " · ")) + " · ")
		}
		fmt.Fprintf(&b, "/source %d\n", d.ID)
		b.WriteString(telegram.Blockquote(telegram.EscapeHTML(d.Text(s))))
		return b.String(), true
	}
	return "", false
}
