package bot

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// BenchmarkHandleQuestion measures a private question from the update to
// the answer's sendMessage confirmed, through the real tgbotapi client over
// the MockTransport, on the sample corpus.
func BenchmarkHandleQuestion(b *testing.B) {
	h := newHarness(b, nil, func(o *Options) { o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil)) })
	var u tgbotapi.Update
	if err := json.Unmarshal([]byte(privateText(1, 1, ann, "Who was blamed for the cyberattack and why?")), &u); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		h.bot.Handle(ctx, u)
	}
	if n := len(h.mock.Calls()); n < b.N {
		b.Fatalf("%d calls for %d questions", n, b.N)
	}
}
