package bot

import (
	"regexp"

	"github.com/newsdesk/newsdesk/internal/bounded"
)

// Follow-up questions. A reporter who asked "Who was blamed for the
// cyberattack?" goes on with "When did it happen?": the second question
// alone names nothing the corpus can find. When a question refers back
// with a pronoun and finds nothing on its own, it is asked again with the
// topic of the chat's last answered question (qa.Topic), and the answer
// says how it was read, so the reporter can see what was searched.

// backRE finds the pronouns by which a question refers to an earlier one.
var backRE = regexp.MustCompile(`(?i)\b(?:it|its|they|them|their|this|that|these|those|he|him|his|she|her|there)\b`)

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
