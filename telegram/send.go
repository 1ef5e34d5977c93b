package telegram

import (
	"context"
	"fmt"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// SendHTML sends msg.Text, Telegram HTML, as as many messages as SplitHTML
// cuts it into under MaxMessageLength, in order, with ParseMode set to HTML.
// The reply-to goes on the first part and the reply markup (buttons) on the
// last. It returns the messages sent, and on an error those sent before it;
// blank text sends nothing.
func (c *Client) SendHTML(ctx context.Context, msg tgbotapi.MessageConfig) ([]tgbotapi.Message, error) {
	parts := SplitHTML(msg.Text, MaxMessageLength)
	sent := make([]tgbotapi.Message, 0, len(parts))
	for i, part := range parts {
		m := msg
		m.Text = part
		m.ParseMode = tgbotapi.ModeHTML
		if i > 0 {
			m.ReplyToMessageID = 0
		}
		if i < len(parts)-1 {
			m.ReplyMarkup = nil
		}
		out, err := c.Send(ctx, m)
		if err != nil {
			return sent, fmt.Errorf("part %d of %d: %w", i+1, len(parts), err)
		}
		sent = append(sent, out)
	}
	return sent, nil
}
