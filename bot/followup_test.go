package bot

import (
	"strings"
	"testing"

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
