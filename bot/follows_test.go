package bot

import (
	"strconv"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/digest"
	"github.com/newsdesk/newsdesk/follow"
	"github.com/newsdesk/newsdesk/telegram"
)

// TestFollowCommands: /follow (in Russian too), /following and /unfollow
// through the mock Bot API; an article added afterwards reaches the chat
// that follows it, once; a user who is not allowed changes nothing.
func TestFollowCommands(t *testing.T) {
	h := newHarness(t, nil, func(o *Options) { o.Allowed = []int64{ann} })
	svc, err := follow.New(t.Context(), h.store, digest.TelegramSender{Client: h.client}, follow.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h.opts.Follows = svc
	h.bot = h.newBot()
	h.handle(privateText(1, 1, ann, "/follow Rotterdam strike"))
	h.handle(privateText(2, 2, ann, "/follow забастовка докеров"))
	h.handle(privateText(3, 3, ann, "/following"))
	h.handle(privateText(4, 4, ann, "/unfollow 9"))
	h.handle(privateText(5, 5, bob, "/follow Rotterdam strike"))
	for _, c := range []struct {
		id   int
		want string
	}{
		{1, "Following 1: Rotterdam strike."},
		{2, "Following 2: забастовка докеров."},
		{3, "1. Rotterdam strike\n2. забастовка докеров"},
		{4, "This chat follows no number 9."},
	} {
		got := h.repliesTo(ann, c.id)
		if len(got) != 1 || !strings.Contains(telegram.StripHTML(got[0]), c.want) {
			t.Errorf("message %d: want %q, got %q", c.id, c.want, got)
		}
	}
	if qs, _ := svc.Following(t.Context(), bob); len(qs) != 0 {
		t.Errorf("a user who is not allowed follows %v", qs)
	}

	added, err := h.store.AddBatch(t.Context(), []*corpus.Document{
		doc("rotterdam.md", "Rotterdam port strike", "Dockworkers in Rotterdam went on strike on Tuesday over crane automation."),
		doc("odesa.md", "Забастовка в Одессе", "Докеры в Одессе объявили забастовку во вторник."),
		doc("harwich.md", "Harbour reopens", "The harbour of Harwich reopened after repairs."),
	})
	if err != nil || len(added) != 3 {
		t.Fatal(err)
	}
	before := len(h.sentTo(ann))
	if _, err := svc.Pass(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Pass(t.Context()); err != nil { // a second pass sends nothing again
		t.Fatal(err)
	}
	var alerts []string
	for _, c := range h.sentTo(ann)[before:] {
		alerts = append(alerts, telegram.StripHTML(param(c, "text")))
	}
	if len(alerts) != 2 || !strings.Contains(alerts[0], "New on Rotterdam strike: Rotterdam port strike") ||
		!strings.Contains(alerts[1], "Докеры в Одессе объявили забастовку во вторник.") {
		t.Errorf("alerts %q, want the Rotterdam and the Odesa articles once each", alerts)
	}
	h.handle(privateText(6, 6, ann, "/unfollow 1"))
	if got := h.repliesTo(ann, 6); len(got) != 1 || !strings.Contains(telegram.StripHTML(got[0]), "No longer following Rotterdam strike.") {
		t.Errorf("/unfollow 1: %q", got)
	}
}

func doc(origin, title, body string) *corpus.Document {
	d := &corpus.Document{Origin: origin, Title: title, Outlet: "Port Courier", Body: body, Sentences: corpus.Split(body)}
	d.Lang = corpus.DetectLang(body)
	return d
}

// TestSubscribeAbout: /subscribe with "about QUERY" narrows the chat's
// digests to it, with or without a schedule before it.
func TestSubscribeAbout(t *testing.T) {
	for _, c := range []struct{ args, schedule, query string }{
		{"about Rotterdam strike", "", "Rotterdam strike"},
		{"0 7 * * 1-5 about Rotterdam strike", "0 7 * * 1-5", "Rotterdam strike"},
		{"@daily", "@daily", ""},
		{"", "", ""},
	} {
		if s, q := splitAbout(c.args); s != c.schedule || q != c.query {
			t.Errorf("splitAbout(%q) = %q, %q; want %q, %q", c.args, s, q, c.schedule, c.query)
		}
	}
	h := newHarness(t, nil, nil)
	svc, err := digest.New(t.Context(), h.store, digest.TelegramSender{Client: h.client}, digest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h.opts.Digests = svc
	h.bot = h.newBot()
	h.handle(privateText(1, 1, ann, "/subscribe 0 7 * * 1-5 about Rotterdam strike"))
	if got := h.repliesTo(ann, 1); len(got) != 1 || !strings.Contains(telegram.StripHTML(got[0]), "only of articles on Rotterdam strike") {
		t.Errorf("/subscribe about: %q", got)
	}
	sub, err := svc.Subscription(t.Context(), ann)
	if err != nil || sub.Query != "Rotterdam strike" || sub.Schedule != "0 7 * * 1-5" {
		t.Errorf("subscription %+v, %v; want the schedule and the query", sub, err)
	}
}

// TestChannelFollows: a channel's editors post /follow; the channel gets
// the confirmation, and a channel not on the allowed list gets a refusal
// and follows nothing.
func TestChannelFollows(t *testing.T) {
	const channel, other = -1003333, -1004444
	h := newHarness(t, nil, func(o *Options) { o.Allowed = []int64{channel} })
	svc, err := follow.New(t.Context(), h.store, digest.TelegramSender{Client: h.client}, follow.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h.opts.Follows = svc
	h.bot = h.newBot()
	post := func(id int, chat int64, text string) string {
		return `{"update_id":` + strconv.Itoa(id) + `,"channel_post":{"message_id":` + strconv.Itoa(id) +
			`,"date":1746262800,"chat":{"id":` + strconv.FormatInt(chat, 10) + `,"type":"channel","title":"Evening Wire"},"text":"` + text + `"}}`
	}
	h.handle(post(1, channel, "/follow Rotterdam strike"))
	h.handle(post(2, other, "/follow Rotterdam strike"))
	if got := h.repliesTo(channel, 1); len(got) != 1 || !strings.Contains(telegram.StripHTML(got[0]), "Following 1: Rotterdam strike") {
		t.Errorf("channel /follow: %q", got)
	}
	if qs, _ := svc.Following(t.Context(), channel); len(qs) != 1 {
		t.Errorf("the channel follows %v, want the one query", qs)
	}
	if qs, _ := svc.Following(t.Context(), other); len(qs) != 0 {
		t.Errorf("a channel not allowed follows %v", qs)
	}
}
