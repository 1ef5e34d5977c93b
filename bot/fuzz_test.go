package bot

import (
	"bufio"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// FuzzHandle feeds the bot arbitrary updates, seeded with the test feeds'
// real ones. Whatever arrives, Handle must not panic, and every call it
// makes must be one the Bot API accepts: valid HTML under the length
// limit, callback data under 64 bytes.
func FuzzHandle(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.jsonl")
	for _, name := range files {
		fh, err := os.Open(name)
		if err != nil {
			f.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			f.Add(append([]byte(nil), sc.Bytes()...))
		}
		fh.Close()
	}
	// Logs go nowhere: the fuzzer's workers may not log through f.
	h := newHarness(f, nil, func(o *Options) { o.Logger = slog.New(slog.DiscardHandler) })
	f.Fuzz(func(t *testing.T, js []byte) {
		var u tgbotapi.Update
		if json.Unmarshal(js, &u) != nil {
			return
		}
		before := len(h.mock.Calls())
		h.bot.Handle(context.Background(), u)
		for _, c := range h.mock.Calls()[before:] {
			if c.Error != "" {
				t.Errorf("update %s: the Bot API refused %s: %s\nparams: %v", js, c.Method, c.Error, c.Params)
			}
		}
	})
}
