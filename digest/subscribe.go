package digest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrNotSubscribed means the chat has no active subscription.
var ErrNotSubscribed = errors.New("digest: chat is not subscribed")

// Subscription is one chat's subscription as stored.
type Subscription struct {
	ChatID    int64
	Title     string    // the chat's title or @username, for logs and lists
	Schedule  string    // as the subscriber gave it; "" means Options.Schedule
	Query     string    // only articles that match it (qa.Match); "" means all
	Watermark int64     // the highest document Seq delivered or judged nothing new
	LastRun   time.Time // when its schedule last fired, or when it subscribed
	Next      time.Time // when its schedule fires next
	Active    bool      // false once Telegram refused to deliver (403)
	Stopped   string    // why it is inactive
	Pending   int       // parts of an interrupted digest still to send
}

// Subscribe subscribes the chat to digests on schedule, a five-field cron
// expression ("0 7 * * 1-5"), a descriptor (@daily, @weekly, @every 6h),
// either optionally after CRON_TZ=Zone; "" means Options.Schedule. A
// schedule that cannot be read is refused with a *ScheduleError whose
// message can be shown to the user.
//
// A new subscriber, or one that was stopped (unsubscribed, or deactivated
// by a 403), starts from the store's current MaxSeq: it gets the material
// added from now on. Subscribing again while subscribed changes the title
// and schedule, counts the schedule from now, and keeps the watermark.
func (s *Service) Subscribe(ctx context.Context, chatID int64, title, schedule, query string) error {
	schedule = strings.TrimSpace(schedule)
	query = strings.Join(strings.Fields(query), " ")
	if _, err := parseSchedule(s.schedule(schedule), s.o.Location); err != nil {
		return err
	}
	now := s.o.Clock.Now().Unix()
	max, err := s.store.MaxSeq(ctx)
	if err != nil {
		return fmt.Errorf("digest: subscribe chat %d: %w", chatID, err)
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		var active bool
		err := tx.QueryRowContext(ctx, "SELECT id, active FROM digest_subscriptions WHERE chat_id = ?", chatID).Scan(&id, &active)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `INSERT INTO digest_subscriptions (chat_id, title, schedule, query, watermark, last_run, created)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, chatID, title, schedule, query, max, now, now)
			return err
		case err != nil:
			return err
		case active:
			_, err = tx.ExecContext(ctx, "UPDATE digest_subscriptions SET title = ?, schedule = ?, query = ?, last_run = ? WHERE id = ?",
				title, schedule, query, now, id)
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM digest_pending WHERE sub_id = ?", id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE digest_subscriptions SET title = ?, schedule = ?, query = ?, watermark = ?, last_run = ?,
			active = 1, stopped = '' WHERE id = ?`, title, schedule, query, max, now, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("digest: subscribe chat %d: %w", chatID, err)
	}
	s.log.Info("subscribed", "chat", chatID, "title", title, "schedule", s.schedule(schedule), "query", query)
	s.wake()
	return nil
}

// Unsubscribe ends the chat's subscription and drops its undelivered
// digest; it reports whether the chat was subscribed.
func (s *Service) Unsubscribe(ctx context.Context, chatID int64) (bool, error) {
	res, err := s.store.DB().ExecContext(ctx, "DELETE FROM digest_subscriptions WHERE chat_id = ?", chatID)
	if err != nil {
		return false, fmt.Errorf("digest: unsubscribe chat %d: %w", chatID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("digest: unsubscribe chat %d: %w", chatID, err)
	}
	if n > 0 {
		s.log.Info("unsubscribed", "chat", chatID)
	}
	return n > 0, nil
}

// Migrate moves the subscription of chat from, a group that became the
// supergroup to, with its watermark and any digest being delivered. When
// to is already subscribed, its own subscription is kept and from's is
// dropped. A chat without a subscription is no error.
func (s *Service) Migrate(ctx context.Context, from, to int64) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var exists bool
		if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM digest_subscriptions WHERE chat_id = ?)", to).Scan(&exists); err != nil {
			return err
		}
		if exists {
			_, err := tx.ExecContext(ctx, "DELETE FROM digest_subscriptions WHERE chat_id = ?", from)
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE digest_subscriptions SET chat_id = ? WHERE chat_id = ?", to, from)
		return err
	})
	if err != nil {
		return fmt.Errorf("digest: migrate chat %d to %d: %w", from, to, err)
	}
	s.log.Info("subscription migrated", "chat", from, "to", to)
	s.wake()
	return nil
}

// Subscription returns the chat's subscription, active or not, or an error
// wrapping ErrNotSubscribed.
func (s *Service) Subscription(ctx context.Context, chatID int64) (Subscription, error) {
	subs, err := s.subscriptions(ctx, "WHERE s.chat_id = ?", chatID)
	if err != nil {
		return Subscription{}, fmt.Errorf("digest: chat %d: %w", chatID, err)
	}
	if len(subs) == 0 {
		return Subscription{}, fmt.Errorf("chat %d: %w", chatID, ErrNotSubscribed)
	}
	return subs[0].Subscription, nil
}

// Subscriptions returns every subscription, active or not, by chat id.
func (s *Service) Subscriptions(ctx context.Context) ([]Subscription, error) {
	subs, err := s.subscriptions(ctx, "ORDER BY s.chat_id")
	if err != nil {
		return nil, fmt.Errorf("digest: subscriptions: %w", err)
	}
	out := make([]Subscription, len(subs))
	for i, sub := range subs {
		out[i] = sub.Subscription
	}
	return out, nil
}

// sub is a Subscription with what delivery needs besides.
type sub struct {
	Subscription
	id      int64
	pending bool // an interrupted digest waits
}

// subscriptions reads the subscriptions a clause selects, with their next
// firing time. A schedule that no longer parses (a time zone gone from the
// system) falls back to the default, and is logged.
func (s *Service) subscriptions(ctx context.Context, clause string, args ...any) ([]sub, error) {
	rows, err := s.store.DB().QueryContext(ctx, `SELECT s.id, s.chat_id, s.title, s.schedule, s.query, s.watermark, s.last_run,
		s.active, s.stopped, p.sub_id IS NOT NULL, (SELECT count(*) FROM digest_parts t WHERE t.sub_id = s.id AND t.sent = 0)
		FROM digest_subscriptions s LEFT JOIN digest_pending p ON p.sub_id = s.id `+clause, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []sub
	for rows.Next() {
		var x sub
		var last int64
		if err := rows.Scan(&x.id, &x.ChatID, &x.Title, &x.Schedule, &x.Query, &x.Watermark, &last, &x.Active, &x.Stopped, &x.pending, &x.Pending); err != nil {
			return nil, err
		}
		x.LastRun = time.Unix(last, 0).In(s.o.Location)
		sched, err := parseSchedule(s.schedule(x.Schedule), s.o.Location)
		if err != nil {
			s.log.Warn("subscription's schedule unreadable, using the default", "chat", x.ChatID, "err", err)
			sched, _ = parseSchedule(s.o.Schedule, s.o.Location) // checked in New
		}
		x.Next = sched.Next(x.LastRun)
		out = append(out, x)
	}
	return out, rows.Err()
}

// schedule returns spec, or the default schedule when spec is "".
func (s *Service) schedule(spec string) string {
	if spec == "" {
		return s.o.Schedule
	}
	return spec
}

// tx runs fn in a transaction and commits it, or rolls it back when fn
// fails.
func (s *Service) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.store.DB().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}
