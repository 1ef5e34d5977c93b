package telegram_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/telegram"
)

func ExampleSplitHTML() {
	text := "<b>Who attacked Azerbaijani media?</b>\n\n<i>" + strings.Repeat("One sentence. ", 6) + "</i>"
	for _, part := range telegram.SplitHTML(text, 64) {
		fmt.Printf("%q\n", part)
	}
	// Output:
	// "<b>Who attacked Azerbaijani media?</b>"
	// "<i>One sentence. One sentence. One sentence. One sentence.</i>"
	// "<i>One sentence. One sentence. </i>"
}

// A Client over the MockTransport: the real tgbotapi client, no network,
// every call printed as a JSON line.
func ExampleMockTransport() {
	ctx := context.Background()
	mock := telegram.NewMockTransport(os.Stdout)
	c, err := telegram.New(ctx, telegram.Config{
		Token:      "mock",
		Endpoint:   telegram.MockEndpoint,
		HTTPClient: &http.Client{Transport: mock},
		Pacer:      telegram.NewPacer(telegram.Limits{}, nil), // no pacing in a mock run
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	if err := mock.Feed(strings.NewReader(`{"message":{"message_id":1,"date":1,"chat":{"id":42,"type":"private"},"text":"Who was behind the attack?"}}`)); err != nil {
		fmt.Println(err)
	}
	mock.EndFeed()
	updates, _ := c.GetUpdates(ctx, 0, 0)
	for _, u := range updates {
		msg := tgbotapi.NewMessage(u.Message.Chat.ID, telegram.Bold("Answer")+" to "+telegram.EscapeHTML(u.Message.Text))
		msg.ParseMode = tgbotapi.ModeHTML
		if _, err := c.Send(ctx, msg); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// {"method":"getMe","params":{}}
	// {"method":"sendMessage","params":{"chat_id":"42","entities":"null","parse_mode":"HTML","text":"\u003cb\u003eAnswer\u003c/b\u003e to Who was behind the attack?"}}
}
