package digest

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // CRON_TZ=Asia/Baku works on machines without a zoneinfo database

	"github.com/robfig/cron/v3"
)

// MinInterval is the shortest "@every" interval a schedule may have: a chat
// gets at most one digest a minute, as with a five-field cron expression.
const MinInterval = time.Minute

// parser reads the schedules subscribers may have: five-field cron
// expressions (minute hour day-of-month month day-of-week) and the
// descriptors @yearly, @monthly, @weekly, @daily, @midnight, @hourly and
// @every D, each optionally preceded by CRON_TZ=Zone (or TZ=Zone) and a
// space. It is the parser config uses to check DIGEST_SCHEDULE.
var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ScheduleError is a schedule a subscriber or the configuration gave that
// cannot be read. Its message is written for the person who typed it.
type ScheduleError struct {
	Spec string // the schedule as given
	Err  error  // the parser's reason
}

// Error explains what a schedule must look like and why Spec is not one.
func (e *ScheduleError) Error() string {
	return fmt.Sprintf("%q is not a schedule: %v. Use five cron fields (minute hour day month weekday), "+
		"such as \"0 7 * * 1-5\" for 07:00 on weekdays, or @daily, @weekly, @every 6h; "+
		"CRON_TZ=Asia/Baku before it sets the time zone", e.Spec, e.Err)
}

// Unwrap returns the parser's reason.
func (e *ScheduleError) Unwrap() error { return e.Err }

// parseSchedule reads spec in time zone loc, unless spec names its own
// with a CRON_TZ= or TZ= prefix.
func parseSchedule(spec string, loc *time.Location) (cron.Schedule, error) {
	spec = strings.TrimSpace(spec)
	bad := func(err error) (cron.Schedule, error) { return nil, &ScheduleError{Spec: spec, Err: err} }
	zoned := strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=")
	if zoned && !strings.Contains(spec, " ") {
		// The cron parser slices up to the first space and would panic.
		return bad(fmt.Errorf("nothing after the time zone"))
	}
	sched, err := parser.Parse(spec)
	if err != nil {
		return bad(err)
	}
	switch s := sched.(type) {
	case *cron.SpecSchedule:
		if !zoned {
			s.Location = loc
		}
	case cron.ConstantDelaySchedule:
		if s.Delay < MinInterval {
			return bad(fmt.Errorf("digests can come at most every %v", MinInterval))
		}
	}
	if sched.Next(time.Unix(0, 0)).IsZero() { // such as 30 February: the parser looks five years ahead
		return bad(fmt.Errorf("that date never comes"))
	}
	return sched, nil
}
