package bot

import (
	"regexp"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/newsdesk/newsdesk/internal/bounded"
	"github.com/newsdesk/newsdesk/qa"
	"github.com/newsdesk/newsdesk/telegram"
)

// Follow-up questions. A reporter who asked "Who was blamed for the
// cyberattack?" goes on with "When did it happen?": the second question
// alone names nothing the corpus can find. When a question refers back
// with a pronoun and finds nothing on its own, it is asked again with the
// topic of the chat's last answered question (qa.Topic), and the answer
// says how it was read, so the reporter can see what was searched.
//
// A question pasted from a web page or an editor may hold HTML tags
// ("<b>who</b> was blamed?") or a link ("what does https://x.example/a say
// about APT29?"). It is read as a question of its own, never as a
// follow-up: a link names its own subject, and a pronoun in such a message
// may be part of the link or the markup ("https://x.example/this-story",
// `<a href="…">this</a>`). The answerer reads it without its tags, which
// would otherwise hide the question word ("<b>who</b>" reads as "b who"),
// and drops links itself; a topic is made of the words alone. Where the
// question is echoed, it is shown as written, escaped.

// backRE finds the pronouns by which a question refers to an earlier one.
var backRE = regexp.MustCompile(`(?i)\b(?:it|its|they|them|their|this|that|these|those|he|him|his|she|her|there)\b`)

// tagRE finds what reads as an HTML tag: "<b>", "</b>", `<a href="…">`,
// "<br/>", as telegram.StripHTML reads tags.
var tagRE = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>`)

// linkRE finds links written out in a message: "http://…", "https://…",
// "www.…". Telegram also marks the links it recognises as entities.
var linkRE = regexp.MustCompile(`(?i)\b(?:https?://|www\.)\S+`)

// followsUp reports whether question, from message m, reads as a
// follow-up of the chat's previous question: it refers back with a
// pronoun, and it holds no link (written out, or marked by Telegram as a
// url or text_link entity) and no HTML tag.
func followsUp(m *tgbotapi.Message, question string) bool {
	if linkRE.MatchString(question) || tagRE.MatchString(question) {
		return false
	}
	for _, e := range m.Entities {
		if e.Type == "url" || e.Type == "text_link" {
			return false
		}
	}
	return backRE.MatchString(question)
}

// plainQuestion returns the question as the answerer reads it: a question
// that holds HTML tags without them and with its entities decoded, on one
// line; any other unchanged.
func plainQuestion(question string) string {
	if !tagRE.MatchString(question) {
		return question
	}
	if plain := strings.Join(strings.Fields(telegram.StripHTML(question)), " "); plain != "" {
		return plain
	}
	return question
}

// topicOf returns the topic of question (qa.Topic) from its words alone:
// without tags or links.
func topicOf(question string) string {
	return qa.Topic(linkRE.ReplaceAllString(plainQuestion(question), " "))
}

// topics remembers, per chat, the topic of the last question answered,
// for a bounded number of chats (the oldest forgotten first).
type topics struct{ last *bounded.Map[int64, string] }

func newTopics(n int) *topics { return &topics{bounded.NewMap[int64, string](n)} }

// set records topic as chat's last.
func (t *topics) set(chat int64, topic string) {
	if topic != "" {
		t.last.Set(chat, topic)
	}
}

// get returns chat's last topic, or "".
func (t *topics) get(chat int64) string {
	topic, _ := t.last.Get(chat)
	return topic
}
