package qa

import "testing"

func TestTopic(t *testing.T) {
	for q, want := range map[string]string{
		"Who was blamed for the cyberattack and why?": "blamed cyberattack",
		"What is APT29?":      "APT29",
		"When did it happen?": "happen",
		"why?":                "",
	} {
		if got := Topic(q); got != want {
			t.Errorf("Topic(%q) = %q, want %q", q, got, want)
		}
	}
}
