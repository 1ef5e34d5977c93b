package config

import (
	_ "time/tzdata" // DIGEST_TZ works on machines without a zoneinfo database

	"github.com/robfig/cron/v3"
)

// scheduleParser reads the schedules the bot accepts: five-field cron
// expressions (minute hour day-of-month month day-of-week) and the
// descriptors @yearly, @monthly, @weekly, @daily, @hourly and @every D.
var scheduleParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// checkSchedule reports whether v is a schedule scheduleParser accepts.
func checkSchedule(v string) error {
	_, err := scheduleParser.Parse(v)
	return err
}
