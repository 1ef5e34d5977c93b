package config

import (
	"fmt"
	"time"
	_ "time/tzdata" // DIGEST_TZ works on machines without a zoneinfo database

	"github.com/robfig/cron/v3"
)

// minEvery is the shortest "@every" interval a schedule may have: digests
// go out, and feeds are polled, at most once a minute, as with a five-field
// cron expression.
const minEvery = time.Minute

// scheduleParser reads the schedules the bot accepts: five-field cron
// expressions (minute hour day-of-month month day-of-week) and the
// descriptors @yearly, @monthly, @weekly, @daily, @hourly and @every D.
var scheduleParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// checkSchedule reports whether v is a schedule scheduleParser accepts,
// with an "@every" interval of at least minEvery.
func checkSchedule(v string) error {
	sched, err := scheduleParser.Parse(v)
	if err != nil {
		return err
	}
	if d, ok := sched.(cron.ConstantDelaySchedule); ok && d.Delay < minEvery {
		return fmt.Errorf("@every %v is too often: at least %v", d.Delay, minEvery)
	}
	return nil
}
