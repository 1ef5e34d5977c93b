package bot

import (
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/telegram"
)

// TestFollowUpQuestion: "When did it happen?" alone names nothing; after
// a question about the cyberattack in the same chat it is read with that
// question's topic, and says so. Another chat's history does not leak in.
func TestFollowUpQuestion(t *testing.T) {
	h := newHarness(t, nil, nil)
	const alice, bob = 501, 502

	h.handle(privateText(1, 10, bob, "When did it happen?"))
	if got := strings.Join(h.repliesTo(bob, 10), ""); !strings.Contains(got, "found nothing") {
		t.Errorf("with no earlier question, want the plain abstention; got %q", telegram.StripHTML(got))
	}

	h.handle(privateText(2, 20, alice, "Who was blamed for the cyberattack?"))
	h.handle(privateText(3, 21, alice, "When did it happen?"))
	got := telegram.StripHTML(strings.Join(h.repliesTo(alice, 21), ""))
	dated := strings.Contains(got, "Feb. 20") || strings.Contains(got, "February 20") || strings.Contains(got, "20 February")
	if !strings.Contains(got, "Read with your earlier question") || !dated {
		t.Errorf("follow-up answer = %q, want it read with the earlier topic and dated February 20", got)
	}

	// Bob's chat has no topic of its own: Alice's does not apply there.
	h.handle(privateText(4, 11, bob, "When did it happen?"))
	if got := strings.Join(h.repliesTo(bob, 11), ""); !strings.Contains(got, "found nothing") {
		t.Errorf("another chat's topic was used: %q", telegram.StripHTML(got))
	}
}

// TestQuestionWithMarkupOrLink: a question that holds HTML tags or a link
// is read as a question of its own, never as a follow-up, whatever
// pronouns its link or markup holds; its tags do not hide its question
// word, links stay out of the chat's topic, and where it is echoed its
// HTML shows as written.
func TestQuestionWithMarkupOrLink(t *testing.T) {
	h := newHarness(t, nil, nil)
	followUp := func(id int) bool {
		t.Helper()
		return strings.Contains(telegram.StripHTML(strings.Join(h.repliesTo(ann, id), "")), "Read with your earlier question")
	}
	h.handle(privateText(1, 10, ann, "Who was blamed for the cyberattack?"))

	// "this" is a link Telegram marks as an entity: not a reference back.
	h.handle(`{"update_id":2,"message":{"message_id":11,"date":1746262800,"text":"When did this happen?",` +
		`"entities":[{"type":"text_link","offset":9,"length":4,"url":"https://x.example/story"}],` +
		`"from":{"id":111,"is_bot":false,"first_name":"A"},"chat":{"id":111,"type":"private"}}}`)
	if followUp(11) {
		t.Errorf("a question whose pronoun is a link was read as a follow-up")
	}
	// The same words without the link are a follow-up.
	h.handle(privateText(3, 12, ann, "When did this happen?"))
	if !followUp(12) {
		t.Errorf("the plain follow-up was not read with the earlier topic")
	}
	for i, q := range []string{
		"<b>When</b> did it happen?",
		"What does https://x.example/this-story/it say?",
		`What did <a href="https://x.example/">this</a> say?`,
	} {
		h.handle(privateText(4+i, 13+i, ann, q))
		if followUp(13 + i) {
			t.Errorf("%q was read as a follow-up", q)
		}
	}

	// Tags do not hide the question word: answered as without them.
	const tagged = "<b>Who</b> was blamed for the <i>cyberattack</i>?"
	h.handle(privateText(7, 16, ann, tagged))
	answer := h.repliesTo(ann, 16)
	if len(answer) != 1 || !strings.Contains(answer[0], "<blockquote>") {
		t.Fatalf("%q was not answered with quotes: %q", tagged, answer)
	}
	// Echoed, its HTML is shown as written, not applied.
	var all string
	for _, c := range h.calls("sendMessage") {
		for _, data := range buttons(t, c) {
			if param(c, "reply_to_message_id") == "16" && strings.HasPrefix(data, actionAll+":") {
				all = data
			}
		}
	}
	if all == "" {
		t.Fatalf("the answer to %q has no All sources button", tagged)
	}
	_, sent := h.pressed(1, all, "")
	if len(sent) != 1 || !strings.Contains(param(sent[0], "text"), "All sources on: &lt;b&gt;Who&lt;/b&gt; was blamed") {
		t.Errorf("the echoed question is not escaped as written: %v", sent)
	}

	// A link is no part of the topic a follow-up is read with. The topic
	// names the cyberattack too, so that the follow-up read with it is
	// answered whichever side of the fitted abstention threshold "When did
	// it happen? say APT29" alone falls on the five sample articles.
	h.handle(privateText(8, 17, ann, "What does https://x.example/apt say about the APT29 cyberattack?"))
	h.handle(privateText(9, 18, ann, "When did it happen?"))
	got := telegram.StripHTML(strings.Join(h.repliesTo(ann, 18), ""))
	if !strings.Contains(got, "as about: say APT29 cyberattack") {
		t.Errorf("follow-up after a question with a link: want it read as about \"say APT29 cyberattack\", got:\n%s", got)
	}
}

func TestPlainQuestion(t *testing.T) {
	for _, tc := range []struct{ in, want, topic string }{
		{"Who was blamed?", "Who was blamed?", "blamed"},
		{"<b>who</b> was blamed?", "who was blamed?", "blamed"},
		{"who was <a href=\"https://x.example/\">blamed</a>\nfor it?<br/>", "who was blamed for it?", "blamed"},
		{"Is AT&amp;T <i>for sale</i>?", "Is AT&T for sale?", "AT&T sale"},
		{"is 3 < 4 and 5 > 2?", "is 3 < 4 and 5 > 2?", "3 4 5 2"},
		{"what does https://x.example/a say about APT29?", "what does https://x.example/a say about APT29?", "say APT29"},
	} {
		if got := plainQuestion(tc.in); got != tc.want {
			t.Errorf("plainQuestion(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := topicOf(tc.in); got != tc.topic {
			t.Errorf("topicOf(%q) = %q, want %q", tc.in, got, tc.topic)
		}
	}
}

func TestFollowsUp(t *testing.T) {
	link := []tgbotapi.MessageEntity{{Type: "url", Offset: 0, Length: 9}}
	for _, tc := range []struct {
		text     string
		entities []tgbotapi.MessageEntity
		want     bool
	}{
		{"When did it happen?", nil, true},
		{"Why did they do that?", nil, true},
		{"Who was blamed?", nil, false},
		{"<b>When</b> did it happen?", nil, false},
		{"What does https://x.example/this-story say?", nil, false},
		{"What does www.x.example/this say?", nil, false},
		{`What did <a href="https://x.example/">this</a> say?`, nil, false},
		{"x.example/this says what?", link, false},
	} {
		m := &tgbotapi.Message{Text: tc.text, Entities: tc.entities}
		if got := followsUp(m, tc.text); got != tc.want {
			t.Errorf("followsUp(%q, %v) = %v, want %v", tc.text, tc.entities, got, tc.want)
		}
	}
}
