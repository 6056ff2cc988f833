#!/bin/sh
# grep place names / hosts in the other sets' sources.csv, locators.csv and README.md (prints set:line)
cd "$(dirname "$0")/../.."
for w in "$@"; do echo "== $w"; grep -l -- "$w" */sources.csv */locators.csv */README.md 2>/dev/null | grep -v '^indicators9/' | tr '\n' ' '; echo; done
