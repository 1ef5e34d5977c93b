// Package config reads the bot's settings from the environment and an
// optional .env file into one typed Config, and validates them. Flags, set
// by cmd/bot, override what it reads. Every setting is a row of the table
// in this file, so .env.example and the README can be checked against it.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// Config is the bot's configuration.
type Config struct {
	DB        string     // SQLite file or postgres:// URL of the store; "" means the embedded sample corpus in memory
	LogLevel  slog.Level // least severe level logged
	LogFormat string     // "text" or "json"

	Telegram Telegram
	Digest   Digest
	Intake   Intake
}

// Telegram is how the bot reaches Telegram and whom it serves.
type Telegram struct {
	Token    string  // from @BotFather; "" means no live bot (the mock feed still runs)
	Endpoint string  // Bot API URL pattern with %s for the token and the method
	Allowed  []int64 // user and chat ids served; empty means everyone
	Admins   []int64 // user ids that may add documents and see admin replies
	Flood    int     // messages and button presses per user per minute; 0 means no limit

	WebhookURL    string // public HTTPS address Telegram posts updates to; "" means long polling
	WebhookListen string // local address the webhook server listens on
	WebhookSecret string // checked against X-Telegram-Bot-Api-Secret-Token
}

// Digest is when subscribers get their digests.
type Digest struct {
	Schedule string         // cron expression or descriptor for chats without their own
	Location *time.Location // the time zone schedules are read in
}

// Feed is one RSS or Atom feed and, when it has its own, its schedule.
type Feed struct {
	URL      string
	Schedule string // "" means FeedSchedule
}

// Intake is where new material comes from while the bot runs.
type Intake struct {
	WatchDir      string        // folder whose new and changed files are added; "" for none
	WatchInterval time.Duration // how often the folder is looked at
	Feeds         []Feed        // RSS or Atom feeds
	FeedSchedule  string        // when feeds are polled
	// FetchPrivate lets links an administrator sends (and bot ingest URL)
	// reach loopback, private and link-local addresses: off, a link is
	// fetched only from the public internet.
	FetchPrivate bool
}

// Var describes one setting.
type Var struct {
	Name    string // environment variable
	Default string // value when unset
	Doc     string // one line for .env.example
	Secret  bool   // never shown: errors say "(hidden)" instead of the value
	set     func(*Config, string) error
}

var vars = []Var{
	{Name: "NEWSDESK_DB", Default: "", Doc: "SQLite file, or postgres:// URL of a PostgreSQL database that replicas share, holding the corpus; empty: the embedded sample corpus, in memory",
		set: func(c *Config, v string) error { c.DB = v; return nil }},
	{Name: "LOG_LEVEL", Default: "info", Doc: "debug, info, warn or error",
		set: func(c *Config, v string) error { return c.LogLevel.UnmarshalText([]byte(v)) }},
	{Name: "LOG_FORMAT", Default: "text", Doc: "text (for people) or json (for log collectors)",
		set: func(c *Config, v string) error {
			if v != "text" && v != "json" {
				return errors.New(`want "text" or "json"`)
			}
			c.LogFormat = v
			return nil
		}},

	{Name: "TELEGRAM_BOT_TOKEN", Default: "", Doc: "bot token from @BotFather; empty: no live bot, only `bot mock`", Secret: true,
		set: func(c *Config, v string) error { c.Telegram.Token = v; return checkToken(v) }},
	{Name: "TELEGRAM_API_ENDPOINT", Default: defaultEndpoint,
		Doc: "Bot API address: a pattern with %s for token and method, or a base URL such as http://127.0.0.1:8081",
		set: func(c *Config, v string) (err error) { c.Telegram.Endpoint, err = parseEndpoint(v); return err }},
	{Name: "TELEGRAM_ALLOWED", Default: "", Doc: "comma-separated user and chat ids the bot serves; empty: everyone",
		set: func(c *Config, v string) (err error) { c.Telegram.Allowed, err = parseIDs(v); return err }},
	{Name: "TELEGRAM_ADMINS", Default: "", Doc: "comma-separated user ids that administer the bot (send it documents)",
		set: func(c *Config, v string) (err error) { c.Telegram.Admins, err = parseIDs(v); return err }},
	{Name: "FLOOD_LIMIT", Default: "20", Doc: "messages and button presses a user may send per minute; 0: no limit",
		set: func(c *Config, v string) (err error) { c.Telegram.Flood, err = parseCount(v); return err }},
	{Name: "WEBHOOK_URL", Default: "", Doc: "public https:// address for webhook mode; empty: long polling",
		set: func(c *Config, v string) (err error) { c.Telegram.WebhookURL, err = parseWebhookURL(v); return err }},
	{Name: "WEBHOOK_LISTEN", Default: ":8443", Doc: "address the webhook server listens on",
		set: func(c *Config, v string) (err error) { c.Telegram.WebhookListen, err = parseListen(v); return err }},
	{Name: "WEBHOOK_SECRET", Default: "", Doc: "secret Telegram sends with each webhook call (1-256 of A-Z a-z 0-9 _ -); required with WEBHOOK_URL", Secret: true,
		set: func(c *Config, v string) error { c.Telegram.WebhookSecret = v; return checkSecret(v) }},

	{Name: "DIGEST_SCHEDULE", Default: "@daily", Doc: "when digests go out: a cron expression (minute hour day month weekday) or @daily, @weekly, @every 6h (at least @every 1m)",
		set: func(c *Config, v string) error { c.Digest.Schedule = v; return checkSchedule(v) }},
	{Name: "DIGEST_TZ", Default: "UTC", Doc: "time zone digest schedules are read in, such as Asia/Baku",
		set: func(c *Config, v string) (err error) { c.Digest.Location, err = time.LoadLocation(v); return err }},

	{Name: "WATCH_DIR", Default: "", Doc: "folder watched for new and changed articles (it must exist); empty: none",
		set: func(c *Config, v string) error { c.Intake.WatchDir = v; return checkDir(v) }},
	{Name: "WATCH_INTERVAL", Default: "30s", Doc: "how often the watched folder is scanned",
		set: func(c *Config, v string) (err error) { c.Intake.WatchInterval, err = parseInterval(v); return err }},
	{Name: "FEEDS", Default: "", Doc: "RSS or Atom feed URLs to poll, separated by commas (or by ; when a schedule holds a comma), each optionally followed by its own schedule",
		set: func(c *Config, v string) (err error) { c.Intake.Feeds, err = parseFeeds(v); return err }},
	{Name: "FEED_SCHEDULE", Default: "@every 15m", Doc: "when feeds are polled (cron expression or descriptor; at least @every 1m)",
		set: func(c *Config, v string) error { c.Intake.FeedSchedule = v; return checkSchedule(v) }},
	{Name: "FETCH_ALLOW_PRIVATE", Default: "false", Doc: "true lets links sent to the bot reach loopback, private and link-local addresses (an intranet); false: public addresses only",
		set: func(c *Config, v string) (err error) { c.Intake.FetchPrivate, err = parseBool(v); return err }},
}

// Vars returns every setting the bot reads, in the order .env.example
// lists them.
func Vars() []Var { return append([]Var(nil), vars...) }

// Load builds a Config from defaults, then the .env file at dotenv (if it
// exists), then the environment, as looked up by lookupEnv (os.LookupEnv
// in production): a variable set in the environment wins over the file.
// An invalid value is an error naming the variable and where it came from.
func Load(lookupEnv func(string) (string, bool), dotenv string) (Config, error) {
	file, err := ReadDotenv(dotenv)
	if err != nil {
		return Config{}, err
	}
	var c Config
	var errs []error
	for _, v := range vars {
		val, from := v.Default, "default"
		if s, ok := file[v.Name]; ok {
			val, from = s, dotenv
		}
		if s, ok := lookupEnv(v.Name); ok {
			val, from = s, "environment"
		}
		if err := v.set(&c, strings.TrimSpace(val)); err != nil {
			shown := strconv.Quote(val)
			if v.Secret {
				shown = "(hidden)"
			}
			errs = append(errs, fmt.Errorf("%s=%s (from %s): %w", v.Name, shown, from, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return c, err
	}
	if c.Telegram.WebhookURL != "" && c.Telegram.WebhookSecret == "" {
		return c, errors.New("WEBHOOK_SECRET is required with WEBHOOK_URL: Telegram sends it with every update so that nobody else can post to the webhook")
	}
	return c, nil
}
