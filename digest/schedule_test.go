package digest

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseSchedule(t *testing.T) {
	baku, err := time.LoadLocation("Asia/Baku")
	if err != nil {
		t.Fatal(err)
	}
	// Friday 3 January 2025, 08:00 in Baku (04:00 UTC).
	from := time.Date(2025, 1, 3, 8, 0, 0, 0, baku)
	for _, c := range []struct {
		spec string
		loc  *time.Location
		next time.Time
	}{
		{"@daily", time.UTC, time.Date(2025, 1, 4, 0, 0, 0, 0, time.UTC)},
		{"@daily", baku, time.Date(2025, 1, 4, 0, 0, 0, 0, baku)},
		{"0 7 * * 1-5", baku, time.Date(2025, 1, 6, 7, 0, 0, 0, baku)}, // next weekday 07:00 is Monday
		{"CRON_TZ=Asia/Baku 0 7 * * *", time.UTC, time.Date(2025, 1, 4, 7, 0, 0, 0, baku)},
		{"TZ=UTC 30 4 * * *", baku, time.Date(2025, 1, 3, 4, 30, 0, 0, time.UTC)},
		{"  0 */6 * * *  ", time.UTC, time.Date(2025, 1, 3, 6, 0, 0, 0, time.UTC)},
		{"@every 6h", baku, from.Add(6 * time.Hour)},
		{"@weekly", time.UTC, time.Date(2025, 1, 5, 0, 0, 0, 0, time.UTC)},
	} {
		s, err := parseSchedule(c.spec, c.loc)
		if err != nil {
			t.Errorf("parseSchedule(%q): %v", c.spec, err)
			continue
		}
		if got := s.Next(from); !got.Equal(c.next) {
			t.Errorf("parseSchedule(%q, %v).Next(%v) = %v, want %v", c.spec, c.loc, from, got, c.next)
		}
	}

	for _, c := range []struct{ spec, why string }{
		{"every morning", "expected exactly 5 fields"},
		{"0 7 * *", "expected exactly 5 fields"},
		{"61 7 * * *", "above maximum"},
		{"@every 30s", "at most every 1m0s"},
		{"@sometimes", "unrecognized descriptor"},
		{"CRON_TZ=Mars/Olympus 0 7 * * *", "bad location"},
		{"CRON_TZ=Asia/Baku", "nothing after the time zone"},
		{"", "empty spec"},
		{"0 7 30 2 *", "never comes"},
	} {
		_, err := parseSchedule(c.spec, time.UTC)
		var se *ScheduleError
		if !errors.As(err, &se) {
			t.Errorf("parseSchedule(%q) = %v, want a *ScheduleError", c.spec, err)
			continue
		}
		// The message is for the person who typed the schedule: it quotes
		// it, says why, and shows what works.
		msg := err.Error()
		for _, want := range []string{c.why, "0 7 * * 1-5", "@daily"} {
			if !strings.Contains(msg, want) {
				t.Errorf("parseSchedule(%q): message %q lacks %q", c.spec, msg, want)
			}
		}
	}
}
