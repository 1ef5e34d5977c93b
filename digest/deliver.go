package digest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/telegram"
)

// Delivery of one subscriber's digest. The parts are persisted, with the
// Seq range they cover, before the first is sent (savePending); each is
// marked sent once Telegram confirmed it (mark); the watermark moves to
// the end of the range when the last one is (finish). A delivery cut short
// (a crash, a shutdown, Telegram unreachable) leaves the pending digest,
// which the next delivery to that subscriber resumes with the first part
// not marked sent, before it composes anything newer. So no part is sent
// twice, except the one in flight when the process died: Telegram may have
// taken it without the confirmation reaching us, and it is sent again (a
// duplicate is judged better than a loss, as in package telegram).

// errGone means the subscription ended (unsubscribed, deactivated, or
// merged into another by a migration) while its digest was delivered.
var errGone = errors.New("subscription ended during delivery")

// errRefused means Telegram refused a part for good (400 Bad Request): it
// is recorded as refused and delivery goes on with the next, so that one
// message Telegram will never take does not hold up the subscriber's
// digests for ever.
var errRefused = errors.New("part refused")

// maxMigrations bounds how often one delivery follows a chat migration.
const maxMigrations = 3

// outcome is what one subscriber's delivery did.
type outcome struct {
	parts     int  // messages Telegram confirmed
	digests   int  // digests completed (watermark moved after sending)
	empty     bool // its schedule fired with nothing new
	forbidden bool // deactivated by a 403 or a chat Telegram does not know
	migrated  bool // followed a migration to a supergroup
	refused   int  // parts Telegram refused with 400
}

// deliver resumes x's pending digest, if any, and then, when due, composes
// and sends the digest of what is new up to the Seq to. Sends run under
// sendCtx, which outlives ctx by the shutdown grace: ctx ending stops the
// delivery at the next part boundary.
func (s *Service) deliver(ctx, sendCtx context.Context, x *sub, due bool, to int64, compose func(context.Context, int64, int64) (composed, error)) (outcome, error) {
	var out outcome
	if x.pending {
		if err := s.sendPending(ctx, sendCtx, x, &out); err != nil || out.forbidden {
			return out, err
		}
	}
	if !due || ctx.Err() != nil {
		return out, nil
	}
	c, err := compose(ctx, x.Watermark, to)
	if err != nil {
		return out, err
	}
	if len(c.parts) == 0 {
		out.empty = true
		return out, s.skip(ctx, x, to)
	}
	if err := s.savePending(ctx, x, c); err != nil {
		if errors.Is(err, errGone) {
			return out, nil
		}
		return out, err
	}
	s.log.Debug("digest composed", "chat", x.ChatID, "from", c.from, "to", c.to, "articles", c.articles, "stories", c.stories, "parts", len(c.parts))
	return out, s.sendPending(ctx, sendCtx, x, &out)
}

// sendPending sends the parts of x's pending digest not yet confirmed, in
// order, and then moves the watermark. What follows a confirmed send runs
// under sendCtx too, so that a confirmation is never lost to ctx's end.
func (s *Service) sendPending(ctx, sendCtx context.Context, x *sub, out *outcome) error {
	to, parts, err := s.unsent(sendCtx, x.id)
	if err != nil {
		return err
	}
	for _, p := range parts {
		if ctx.Err() != nil {
			return nil // stop at a part boundary; the rest waits for the next run
		}
		if err := s.leases.Renew(sendCtx, x.id); err != nil {
			if errors.Is(err, corpus.ErrLeaseLost) {
				s.log.Warn("digest lease lost to another replica, leaving it the rest", "chat", x.ChatID, "part", p.n)
			}
			return err
		}
		err := s.sendPart(sendCtx, x, p.html, out)
		switch {
		case out.forbidden || errors.Is(err, errGone):
			return ignore(err, errGone)
		case errors.Is(err, errRefused):
			s.log.Error("Telegram refused a digest part, going on with the next", "chat", x.ChatID, "part", p.n, "err", err)
			out.refused++
			if err := s.mark(sendCtx, x.id, p.n, refused); err != nil {
				return ignore(err, errGone)
			}
			continue
		case err != nil:
			return err
		}
		if err := s.mark(sendCtx, x.id, p.n, s.o.Clock.Now().Unix()); err != nil {
			return ignore(err, errGone)
		}
		out.parts++
	}
	if err := s.finish(sendCtx, x.id, to); err != nil {
		return err
	}
	x.Watermark, x.pending = to, false
	out.digests++
	return nil
}

// sendPart sends one part to x's chat, following a migration to a
// supergroup, deactivating x on a 403 or when Telegram no longer knows the
// chat, and returning errRefused for other 400s.
func (s *Service) sendPart(ctx context.Context, x *sub, html string, out *outcome) error {
	for range maxMigrations {
		err := s.sender.SendHTMLPart(ctx, x.ChatID, html)
		if err == nil {
			return nil
		}
		if to, ok := telegram.IsMigrated(err); ok {
			s.log.Info("chat migrated, following it", "chat", x.ChatID, "to", to)
			if err := s.moveChat(ctx, x, to); err != nil {
				return err
			}
			out.migrated = true
			continue
		}
		if telegram.IsForbidden(err) || chatGone(err) {
			s.log.Warn("chat unreachable, subscription deactivated", "chat", x.ChatID, "err", err)
			out.forbidden = true
			return s.deactivate(ctx, x.id, err.Error())
		}
		if badRequest(err) {
			return fmt.Errorf("digest: send to chat %d: %w: %w", x.ChatID, errRefused, err)
		}
		return fmt.Errorf("digest: send to chat %d: %w", x.ChatID, err)
	}
	return fmt.Errorf("digest: send to chat %d: migrated more than %d times", x.ChatID, maxMigrations)
}

// part is one message of a pending digest.
type part struct {
	n    int
	html string
}

// unsent returns the end of x's pending range and its parts not yet sent,
// in order.
func (s *Service) unsent(ctx context.Context, id int64) (int64, []part, error) {
	var to int64
	err := s.store.DB().QueryRowContext(ctx, "SELECT to_seq FROM digest_pending WHERE sub_id = ?", id).Scan(&to)
	if err != nil {
		return 0, nil, fmt.Errorf("digest: pending digest of subscription %d: %w", id, err)
	}
	rows, err := s.store.DB().QueryContext(ctx, "SELECT n, html FROM digest_parts WHERE sub_id = ? AND sent = 0 ORDER BY n", id)
	if err != nil {
		return 0, nil, fmt.Errorf("digest: pending parts of subscription %d: %w", id, err)
	}
	defer rows.Close()
	var parts []part
	for rows.Next() {
		var p part
		if err := rows.Scan(&p.n, &p.html); err != nil {
			return 0, nil, fmt.Errorf("digest: pending parts of subscription %d: %w", id, err)
		}
		parts = append(parts, p)
	}
	return to, parts, rows.Err()
}

// savePending stores the composed digest c as x's pending digest, provided
// x is still active and has not moved on meanwhile.
func (s *Service) savePending(ctx context.Context, x *sub, c composed) error {
	now := s.o.Clock.Now().Unix()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO digest_pending (sub_id, from_seq, to_seq, composed)
			SELECT id, watermark, CAST(? AS BIGINT), CAST(? AS BIGINT) FROM digest_subscriptions WHERE id = ? AND active = 1 AND watermark = ?`,
			c.to, now, x.id, c.from)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpErr(err, errGone)
		}
		for i, html := range c.parts {
			if _, err := tx.ExecContext(ctx, "INSERT INTO digest_parts (sub_id, n, html) VALUES (?, ?, ?)", x.id, i+1, html); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("digest: save digest for chat %d: %w", x.ChatID, err)
	}
	x.pending = true
	return nil
}

// refused is the sent mark of a part Telegram refused for good.
const refused = -1

// mark records what became of part n of subscription id's pending digest:
// the Unix time Telegram confirmed it, or refused.
func (s *Service) mark(ctx context.Context, id int64, n int, sent int64) error {
	res, err := s.store.DB().ExecContext(ctx, "UPDATE digest_parts SET sent = ? WHERE sub_id = ? AND n = ? AND sent = 0",
		sent, id, n)
	if err == nil {
		var k int64
		if k, err = res.RowsAffected(); err == nil && k == 0 {
			err = errGone
		}
	}
	if err != nil {
		return fmt.Errorf("digest: mark part %d of subscription %d sent: %w", n, id, err)
	}
	return nil
}

// finish moves subscription id's watermark to the end of its pending
// digest, to, and drops the digest.
func (s *Service) finish(ctx context.Context, id, to int64) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE digest_subscriptions SET watermark = ? WHERE id = ? AND watermark < ?", to, id, to); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM digest_pending WHERE sub_id = ?", id)
		return err
	})
	if err != nil {
		return fmt.Errorf("digest: finish digest of subscription %d: %w", id, err)
	}
	return nil
}

// skip moves x's watermark to to when its schedule fired with nothing new
// to send, so the same documents are not looked at again.
func (s *Service) skip(ctx context.Context, x *sub, to int64) error {
	if to <= x.Watermark {
		return nil
	}
	_, err := s.store.DB().ExecContext(ctx, `UPDATE digest_subscriptions SET watermark = ?
		WHERE id = ? AND watermark = ? AND NOT EXISTS (SELECT 1 FROM digest_pending WHERE sub_id = ?)`, to, x.id, x.Watermark, x.id)
	if err != nil {
		return fmt.Errorf("digest: move watermark of chat %d: %w", x.ChatID, err)
	}
	x.Watermark = to
	return nil
}

// deactivate stops subscription id after Telegram refused a message, and
// drops its pending digest.
func (s *Service) deactivate(ctx context.Context, id int64, why string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE digest_subscriptions SET active = 0, stopped = ? WHERE id = ?", why, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM digest_pending WHERE sub_id = ?", id)
		return err
	})
	if err != nil {
		return fmt.Errorf("digest: deactivate subscription %d: %w", id, err)
	}
	return nil
}

// moveChat points x at chat to, the supergroup its group became. When to
// has a subscription of its own, x is dropped in its favour: errGone.
func (s *Service) moveChat(ctx context.Context, x *sub, to int64) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var exists bool
		err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM digest_subscriptions WHERE chat_id = ? AND id != ?)", to, x.id).Scan(&exists)
		switch {
		case err != nil:
			return err
		case exists:
			if _, err := tx.ExecContext(ctx, "DELETE FROM digest_subscriptions WHERE id = ?", x.id); err != nil {
				return err
			}
			return errGone
		}
		_, err = tx.ExecContext(ctx, "UPDATE digest_subscriptions SET chat_id = ? WHERE id = ?", to, x.id)
		return err
	})
	if err != nil {
		return fmt.Errorf("digest: move chat %d to %d: %w", x.ChatID, to, err)
	}
	x.ChatID = to
	return nil
}

// badRequest reports whether Telegram refused the message itself (400),
// which sending it again would not change.
func badRequest(err error) bool {
	e := telegram.APIError(err)
	return e != nil && e.Code == 400
}

// chatGone reports whether Telegram does not know the chat (deleted, or
// the bot never was in it): like a 403, nothing will reach it.
func chatGone(err error) bool {
	e := telegram.APIError(err)
	return e != nil && e.Code == 400 && strings.Contains(strings.ToLower(e.Message), "chat not found")
}

// ignore returns nil when err is target, else err.
func ignore(err, target error) error {
	if errors.Is(err, target) {
		return nil
	}
	return err
}

// cmpErr returns err, or alt when err is nil.
func cmpErr(err, alt error) error {
	if err != nil {
		return err
	}
	return alt
}
