package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/digest"
	"github.com/newsdesk/newsdesk/telegram"
)

var _ Digests = (*digest.Service)(nil)

// The chats of testdata/digests.jsonl.
const (
	newsroomChannel = -1001111 // Ann administers it; the bot may post
	otherChannel    = -1002222 // Ann created it; the bot may not post
	eveningWire     = -1003333 // subscribes itself with a channel post
	migratedGroup   = -1004001 // what groupChat became
)

// channelAPI answers getChat and getChatMember as Telegram would for the
// chats of the feed: who administers what, and whether the bot may post.
func channelAPI(c telegram.Call) *tgbotapi.APIResponse {
	ok := func(v any) *tgbotapi.APIResponse {
		raw, _ := json.Marshal(v)
		return &tgbotapi.APIResponse{Ok: true, Result: raw}
	}
	chat, _ := c.Params["chat_id"].(string)
	switch c.Method {
	case "getChat":
		switch chat {
		case "@newsroom_channel":
			return ok(map[string]any{"id": newsroomChannel, "type": "channel", "title": "Newsroom Channel", "username": "newsroom_channel"})
		case "@other_channel":
			return ok(map[string]any{"id": otherChannel, "type": "channel", "title": "Other", "username": "other_channel"})
		case "@desk_group":
			return ok(map[string]any{"id": superChat, "type": "supergroup", "title": "Desk", "username": "desk_group"})
		}
		return &tgbotapi.APIResponse{ErrorCode: 400, Description: "Bad Request: chat not found"}
	case "getChatMember":
		user, _ := c.Params["user_id"].(string)
		status, canPost := "member", false
		switch chat + "/" + user {
		case "-1001111/111":
			status = "administrator"
		case "-1001111/1000000001":
			status, canPost = "administrator", true
		case "-1002222/111":
			status = "creator"
		case "-1002222/1000000001":
			status = "administrator" // may not post
		}
		return ok(map[string]any{"status": status, "can_post_messages": canPost,
			"user": map[string]any{"id": json.Number(user), "is_bot": false, "first_name": "U"}})
	}
	return nil
}

func TestDigestCommands(t *testing.T) {
	h := newHarness(t, nil, nil)
	ctx := context.Background()
	svc, err := digest.New(ctx, h.store, digest.TelegramSender{Client: h.client}, digest.Options{Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	h.opts.Digests = svc
	h.bot = h.newBot()
	h.mock.Hook = channelAPI
	h.runFile("digests.jsonl")

	for _, c := range []struct {
		chat int64
		id   int
		want string
	}{
		{ann, 1, "Subscribed @newsroom_channel"},
		{bob, 2, "Only an administrator of @newsroom_channel can do that."},
		{ann, 3, "I cannot post in @other_channel yet"},
		{ann, 4, "@desk_group is not a channel"},
		{eveningWire, 5, "Subscribed: digests of newly added articles will be posted here on the schedule 0 18 * * *."},
		{eveningWire, 6, ""},
		{ann, 7, "Subscribed: a digest of newly added articles will come on the schedule 0 7 * * 1-5;"},
		{ann, 8, "I could not subscribe with that schedule: "},
		{groupChat, 9, "Subscribed: a digest of newly added articles will come on the default schedule;"},
		{groupChat, 10, ""},
		{ann, 11, "Nothing new since the last digest"},
		{bob, 12, "Is it subscribed?"},
	} {
		got := h.repliesTo(c.chat, c.id)
		switch {
		case c.want == "" && len(got) != 0:
			t.Errorf("message %d in %d: want silence, got %q", c.id, c.chat, got)
		case c.want != "" && (len(got) != 1 || !strings.Contains(telegram.StripHTML(got[0]), c.want)):
			t.Errorf("message %d in %d: want one reply with %q, got %q", c.id, c.chat, c.want, got)
		}
	}
	subscribed := func(chat int64, schedule string) {
		t.Helper()
		s, err := svc.Subscription(ctx, chat)
		if err != nil || !s.Active || s.Schedule != schedule {
			t.Errorf("chat %d: subscription %+v, %v; want active on %q", chat, s, err, schedule)
		}
	}
	subscribed(newsroomChannel, "")
	subscribed(eveningWire, "0 18 * * *")
	subscribed(ann, "0 7 * * 1-5")
	subscribed(migratedGroup, "") // moved with the group
	for _, chat := range []int64{otherChannel, superChat, bob, groupChat} {
		if s, err := svc.Subscription(ctx, chat); !errors.Is(err, digest.ErrNotSubscribed) && s.Active {
			t.Errorf("chat %d subscribed, want not: %+v", chat, s)
		}
	}

	// Material added after subscribing is what /digest shows now.
	src := corpus.Source{Origin: "test/ferry.txt", Format: corpus.Text,
		Content: "Ferry service resumes\n\nThe island ferry service resumed on Friday after a storm closed the port for a week.",
		Meta:    corpus.Meta{Title: "Ferry service resumes", Outlet: "Island Post"}}
	if _, err := corpus.Ingest(ctx, h.store, sourcesOf([]corpus.Source{src}), corpus.IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	h.handle(privateText(20, 20, ann, "/digest"))
	if got := h.repliesTo(ann, 20); len(got) == 0 || !strings.Contains(telegram.StripHTML(strings.Join(got, "\n")), "Ferry service resumes") {
		t.Errorf("/digest after new material: got %q", got)
	}
	h.handle(privateText(21, 21, ann, "/unsubscribe"))
	h.handle(privateText(22, 22, ann, "/unsubscribe"))
	h.handle(privateText(23, 23, ann, "/unsubscribe @newsroom_channel"))
	h.handle(privateText(24, 24, bob, "/unsubscribe @newsroom_channel"))
	for _, c := range []struct {
		chat int64
		id   int
		want string
	}{
		{ann, 21, "Unsubscribed"},
		{ann, 22, "There was no subscription"},
		{ann, 23, "Unsubscribed"},
		{bob, 24, "Only an administrator"},
	} {
		if got := h.repliesTo(c.chat, c.id); len(got) != 1 || !strings.Contains(got[0], c.want) {
			t.Errorf("message %d: want %q, got %q", c.id, c.want, got)
		}
	}
	if s, _ := svc.Subscription(ctx, newsroomChannel); s.Active {
		t.Errorf("the channel is still subscribed after its administrator unsubscribed it")
	}
}

func TestDigestsOff(t *testing.T) {
	h := newHarness(t, nil, nil)
	for i, cmd := range []string{"/subscribe", "/unsubscribe", "/digest", "/subscribe @newsroom_channel"} {
		h.handle(privateText(i+1, i+1, ann, cmd))
		if got := h.repliesTo(ann, i+1); len(got) != 1 || got[0] != digestsOff {
			t.Errorf("%s without digests: got %q", cmd, got)
		}
	}
	h.handle(`{"update_id":9,"channel_post":{"message_id":9,"date":1,"chat":{"id":-1003333,"type":"channel","title":"W"},"text":"/subscribe"}}`)
	if got := h.repliesTo(eveningWire, 9); len(got) != 1 || got[0] != digestsOff {
		t.Errorf("channel /subscribe without digests: got %q", got)
	}
	if n := len(h.calls("getChat", "getChatMember")); n != 0 {
		t.Errorf("%d channel lookups with digests off", n)
	}
}
