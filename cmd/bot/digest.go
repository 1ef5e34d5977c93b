package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/newsdesk/newsdesk/config"
	"github.com/newsdesk/newsdesk/digest"
	"github.com/newsdesk/newsdesk/telegram"
)

// runDigest prints the next digest of a chat as it would be sent now.
func runDigest(ctx context.Context, e env, cfg config.Config, args []string) error {
	fs := flags("digest", e)
	db := fs.String("db", cfg.DB, "SQLite `file` or postgres:// URL holding the corpus and the subscriptions (NEWSDESK_DB)")
	chat := fs.Int64("chat", 0, "Telegram chat `id` of the subscriber")
	dry := fs.Bool("dry-run", false, "print the digest instead of sending it (required: the live bot sends digests on schedule)")
	html := fs.Bool("html", false, "print the Telegram HTML as sent, not plain text")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *chat == 0:
		return fmt.Errorf("%w: give --chat ID", errUsage)
	case !*dry:
		return fmt.Errorf("%w: only --dry-run is supported; the running bot sends digests on their schedule", errUsage)
	case *db == "":
		return fmt.Errorf("%w: no database: give --db PATH or set NEWSDESK_DB (subscriptions live there)", errUsage)
	}
	st, err := openStored(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	svc, err := digest.New(ctx, st, refuseSend{}, digest.Options{Schedule: cfg.Digest.Schedule, Location: cfg.Digest.Location})
	if err != nil {
		return err
	}
	msgs, err := svc.Preview(ctx, *chat)
	if errors.Is(err, digest.ErrNotSubscribed) {
		return fmt.Errorf("chat %d is not subscribed", *chat)
	}
	if err != nil {
		return err
	}
	if len(msgs) == 0 {
		fmt.Fprintf(e.stdout, "nothing new for chat %d: no digest would be sent\n", *chat)
		return nil
	}
	for i, m := range msgs {
		if !*html {
			m = telegram.StripHTML(m)
		}
		fmt.Fprintf(e.stdout, "--- message %d of %d (%d characters) ---\n%s\n", i+1, len(msgs), len([]rune(m)), m)
	}
	return nil
}

// refuseSend is the Sender of a dry run: it never sends.
type refuseSend struct{}

func (refuseSend) SendHTMLPart(context.Context, int64, string) error {
	return errors.New("dry run: nothing is sent")
}
