package telegram_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/telegram"
)

// How the bot is wired in polling mode: a Client, a Dispatcher running
// the handler, a Poller feeding it until the context ends. Here over a
// MockTransport fed two updates; in production the Client talks to
// Telegram and Offsets keeps the offset in the store.
func ExamplePoller() {
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	quiet := slog.New(slog.DiscardHandler)

	m := telegram.NewMockTransport(nil)
	client, err := telegram.New(ctx, telegram.Config{
		Token: "mock", Endpoint: telegram.MockEndpoint, HTTPClient: &http.Client{Transport: m},
		Pacer: telegram.NewPacer(telegram.Limits{}, nil), Logger: quiet,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer client.Close() // after Run: the answers in flight use it

	echo := telegram.HandlerFunc(func(ctx context.Context, u tgbotapi.Update) {
		reply := tgbotapi.NewMessage(u.Message.Chat.ID, "you said: "+u.Message.Text)
		client.Send(ctx, reply)
	})
	d := telegram.NewDispatcher(echo, telegram.DispatcherOptions{Logger: quiet})
	p := telegram.NewPoller(client, d, telegram.PollerOptions{Logger: quiet})

	m.Feed(strings.NewReader(`{"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": {"id": 7, "type": "private"}, "text": "hello"}}
{"update_id": 2, "message": {"message_id": 2, "date": 0, "chat": {"id": 7, "type": "private"}, "text": "bye"}}
`))
	m.EndFeed()
	go func() {
		<-m.Done() // both updates taken and confirmed
		stop()     // as SIGTERM would
	}()
	if err := p.Run(ctx); err != nil { // returns once the answers are sent
		fmt.Println(err)
	}
	for _, c := range m.Calls() {
		if c.Method == "sendMessage" {
			fmt.Println(c.Params["text"])
		}
	}
	// Output:
	// you said: hello
	// you said: bye
}
