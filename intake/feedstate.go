package intake

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// What Feeds remembers per feed lives in intake_feeds and
// intake_feed_items (see schema.go).

// feedState reads the validators of feed url and when it was last
// fetched (zero when never).
func (f *Feeds) feedState(ctx context.Context, url string) (validators, time.Time, error) {
	var v validators
	var fetched int64
	err := f.lib.store.DB().QueryRowContext(ctx,
		"SELECT etag, last_modified, fetched FROM intake_feeds WHERE url = ?", url).Scan(&v.etag, &v.lastModified, &fetched)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return validators{}, time.Time{}, nil
	case err != nil:
		return validators{}, time.Time{}, err
	case fetched == 0:
		return v, time.Time{}, nil
	}
	return v, time.Unix(fetched, 0), nil
}

// unseen returns the keys among keys that feed url has not given before.
func (f *Feeds) unseen(ctx context.Context, url string, keys []string) (map[string]bool, error) {
	out := make(map[string]bool, len(keys))
	for _, k := range keys {
		var one int
		err := f.lib.store.DB().QueryRowContext(ctx,
			"SELECT 1 FROM intake_feed_items WHERE feed = ? AND item = ?", url, k).Scan(&one)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			out[k] = true
		case err != nil:
			return nil, err
		}
	}
	return out, nil
}

// remember records, in one transaction, that feed url was fetched at now
// with validators v and gave the items keys.
func (f *Feeds) remember(ctx context.Context, url string, now time.Time, v validators, keys []string) error {
	tx, err := f.lib.store.DB().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO intake_feeds (url, etag, last_modified, fetched) VALUES (?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, fetched = excluded.fetched`,
		url, v.etag, v.lastModified, now.Unix()); err != nil {
		return err
	}
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `INSERT INTO intake_feed_items (feed, item, seen) VALUES (?, ?, ?)
			ON CONFLICT (feed, item) DO UPDATE SET seen = excluded.seen`, url, k, now.Unix()); err != nil {
			return err
		}
	}
	// An item the feed has not listed for SeenKeep is forgotten: feeds list
	// their latest items, so it will not come back, and if it did, its
	// unchanged text would be stored as nothing new.
	if _, err := tx.ExecContext(ctx, "DELETE FROM intake_feed_items WHERE feed = ? AND seen < ?",
		url, now.Add(-SeenKeep).Unix()); err != nil {
		return err
	}
	return tx.Commit()
}

// SeenKeep is how long a feed's item is remembered after the feed last
// listed it.
const SeenKeep = 30 * 24 * time.Hour
