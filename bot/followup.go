package bot

import (
	"regexp"
	"sync"
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
type topics struct {
	mu   sync.Mutex
	last map[int64]string
	ring []int64
	next int
}

func newTopics(n int) *topics {
	return &topics{last: make(map[int64]string, n), ring: make([]int64, 0, n)}
}

// set records topic as chat's last.
func (t *topics) set(chat int64, topic string) {
	if topic == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.last[chat]; !ok {
		if len(t.ring) < cap(t.ring) {
			t.ring = append(t.ring, chat)
		} else {
			delete(t.last, t.ring[t.next])
			t.ring[t.next] = chat
			t.next = (t.next + 1) % len(t.ring)
		}
	}
	t.last[chat] = topic
}

// get returns chat's last topic, or "".
func (t *topics) get(chat int64) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.last[chat]
}
