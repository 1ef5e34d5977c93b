// Package config reads the bot's settings from the environment and an
// optional .env file into one typed Config, and validates them. Flags, set
// by cmd/bot, override what it reads. Every setting is a row of the table
// in this file, so .env.example and the README can be checked against it.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
)

// Config is the bot's configuration.
type Config struct {
	DB        string     // SQLite store; "" means the embedded sample corpus in memory
	LogLevel  slog.Level // least severe level logged
	LogFormat string     // "text" or "json"
}

// Var describes one setting.
type Var struct {
	Name    string // environment variable
	Default string // value when unset
	Doc     string // one line for .env.example
	set     func(*Config, string) error
}

var vars = []Var{
	{Name: "NEWSDESK_DB", Default: "", Doc: "SQLite file holding the corpus; empty: the embedded sample corpus, in memory",
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
			errs = append(errs, fmt.Errorf("%s=%q (from %s): %w", v.Name, val, from, err))
		}
	}
	return c, errors.Join(errs...)
}
