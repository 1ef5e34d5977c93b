package qa

import (
	"testing"
	"time"
)

func TestEventDateOf(t *testing.T) {
	pub := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC) // a Thursday
	for _, tc := range []struct {
		text      string
		pub       time.Time
		want      string // key, or "" for none
		said      string
		resolved  bool
		precision Precision
	}{
		{"The attack took place on Feb. 20, 2025, officials said.", pub, "2025-02-20", "Feb. 20, 2025", false, Day},
		{"The attack took place on 20 February 2025.", pub, "2025-02-20", "20 February 2025", false, Day},
		{"Dockworkers stopped work at 6 a.m. on Tuesday.", pub, "2026-03-03", "on Tuesday", true, Day},
		{"The strike began on Thursday.", pub, "2026-03-05", "on Thursday", true, Day},
		{"Talks resumed on March 2, the union said.", pub, "2026-03-02", "March 2", true, Day},
		{"The ships arrived on Dec. 28.", time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), "2025-12-28", "Dec. 28", true, Day},
		{"The port reopened yesterday.", pub, "2026-03-04", "yesterday", true, Day},
		{"Cranes were automated earlier this month.", pub, "2026-03", "earlier this month", true, Month},
		{"The last strike, in 2016, lasted nine days.", pub, "2016", "in 2016", false, Year},
		{"Prices rose in February 2025.", pub, "2025-02", "February 2025", false, Month},
		{"Докеры прекратили работу во вторник.", pub, "2026-03-03", "во вторник", true, Day},
		{"Атака произошла 20 февраля 2025 года.", pub, "2025-02-20", "20 февраля 2025", false, Day},
		{"Атака произошла 20 февраля.", pub, "2026-02-20", "20 февраля", true, Day},
		{"The union may strike again.", pub, "", "", false, 0},
		{"It runs Russia Today, a state broadcaster.", pub, "", "", false, 0},
		{"About 4,000 dockworkers joined the strike.", pub, "", "", false, 0},
		{"Dockworkers stopped work on Tuesday.", time.Time{}, "", "", false, 0}, // undated article: nothing to resolve against
	} {
		got, ok := eventDateOf(tc.text, tc.pub)
		if !ok {
			if tc.want != "" {
				t.Errorf("%q: no date, want %s", tc.text, tc.want)
			}
			continue
		}
		if tc.want == "" {
			t.Errorf("%q: date %s (%q), want none", tc.text, got.key(), got.said)
			continue
		}
		if got.key() != tc.want || got.said != tc.said || (got.resolved != "") != tc.resolved || got.precision != tc.precision {
			t.Errorf("%q: got %s %v %q resolved %q, want %s %v %q resolved %v", tc.text, got.key(), got.precision, got.said, got.resolved,
				tc.want, tc.precision, tc.said, tc.resolved)
		}
	}
}
