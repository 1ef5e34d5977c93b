package telegram

import (
	"context"
	"errors"
	"fmt"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Shortened is what a message left over by EditHTML says when Telegram
// refuses to delete it (a bot may delete a message only within 48 hours
// of sending it).
const Shortened = "(shortened)"

// EditHTML puts msg.Text, Telegram HTML, in place of the messages ids of
// msg's chat, the parts of an earlier SendHTML, so that the chat shows the
// new text where the old one was instead of a second copy below. The text
// is cut into parts as SendHTML cuts it, and:
//
//   - part i replaces message ids[i] (editMessageText), with the reply
//     markup on the last part and none on the others, which removes the
//     buttons of a part that is no longer last;
//   - an edit Telegram refuses because nothing would change ("message is
//     not modified") counts as done;
//   - messages left over when the text now takes fewer parts are deleted
//     (deleteMessage) rather than left to show stale text, or edited to
//     Shortened where Telegram refuses to delete them;
//   - parts beyond len(ids) are sent as new messages, each replying to
//     msg.ReplyToMessageID, since they arrive below whatever the chat said
//     since.
//
// It returns the ids of the messages that hold the text, in order, and on
// an error those done before it. The markup, if any, must be an inline
// keyboard: Telegram edits no other. Blank text is an error.
func (c *Client) EditHTML(ctx context.Context, ids []int, msg tgbotapi.MessageConfig) ([]int, error) {
	markup, err := inlineMarkup(msg.ReplyMarkup)
	if err != nil {
		return nil, err
	}
	parts := SplitHTML(msg.Text, MaxMessageLength)
	if len(parts) == 0 {
		return nil, errors.New("telegram editMessageText: the new text is blank")
	}
	held := make([]int, 0, len(parts))
	for i, part := range parts[:min(len(parts), len(ids))] {
		edit := tgbotapi.NewEditMessageText(msg.ChatID, ids[i], part)
		edit.ParseMode = tgbotapi.ModeHTML
		edit.DisableWebPagePreview = msg.DisableWebPagePreview
		if i == len(parts)-1 {
			edit.ReplyMarkup = markup
		}
		if _, err := c.Request(ctx, edit); err != nil && !IsNotModified(err) {
			return held, fmt.Errorf("part %d of %d: %w", i+1, len(parts), err)
		}
		held = append(held, ids[i])
	}
	var leftover error
	for _, id := range ids[min(len(parts), len(ids)):] {
		if err := c.dropPart(ctx, msg.ChatID, id); err != nil && leftover == nil {
			leftover = err
		}
	}
	for i := len(held); i < len(parts); i++ {
		m := msg
		m.Text = parts[i]
		m.ParseMode = tgbotapi.ModeHTML
		if i < len(parts)-1 {
			m.ReplyMarkup = nil
		}
		out, err := c.Send(ctx, m)
		if err != nil {
			return held, fmt.Errorf("part %d of %d: %w", i+1, len(parts), err)
		}
		held = append(held, out.MessageID)
	}
	return held, leftover
}

// dropPart deletes a message an edit left over, or, when Telegram refuses,
// turns it into Shortened.
func (c *Client) dropPart(ctx context.Context, chat int64, id int) error {
	_, err := c.Request(ctx, tgbotapi.NewDeleteMessage(chat, id))
	if err == nil || ctx.Err() != nil {
		return err
	}
	_, eerr := c.Request(ctx, tgbotapi.NewEditMessageText(chat, id, Shortened))
	if eerr != nil && !IsNotModified(eerr) {
		return fmt.Errorf("message %d left over: %w (and %w)", id, err, eerr)
	}
	return nil
}

// inlineMarkup returns the inline keyboard a MessageConfig carries, or nil.
func inlineMarkup(rm any) (*tgbotapi.InlineKeyboardMarkup, error) {
	switch m := rm.(type) {
	case nil:
		return nil, nil
	case tgbotapi.InlineKeyboardMarkup:
		return &m, nil
	case *tgbotapi.InlineKeyboardMarkup:
		return m, nil
	}
	return nil, fmt.Errorf("telegram editMessageText: reply markup %T is not an inline keyboard", rm)
}
