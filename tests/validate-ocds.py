#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# validate-ocds.py: checks OCDS 1.1 release packages against the release schema (Draft 4) and the package rules.
"""Usage: validate-ocds.py RELEASE-SCHEMA.json PACKAGE.json...

Exits 0 when every package is valid, 1 when any is not (each problem is printed), 2 on bad usage.
The release schema's $refs are internal, so no network is needed. The package wrapper is checked
here by hand: uri (a URI), version "1.1", publishedDate (date-time), publisher.name, releases (a
non-empty array of releases, each with a unique id)."""

import datetime
import json
import re
import sys

import jsonschema

DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
OCID = re.compile(r"^ocds-[a-z0-9]{6}-\S+$")


def is_date_time(value):
    if not isinstance(value, str) or not DATE_TIME.match(value):
        return False
    try:
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def check_package(path, validator):
    problems = []
    try:
        with open(path, encoding="utf-8") as f:
            package = json.load(f)
    except (OSError, ValueError) as e:
        return ["not readable JSON: %s" % e]

    if not isinstance(package, dict):
        return ["the package is not an object"]
    for key in ("uri", "version", "publishedDate", "publisher", "releases"):
        if key not in package:
            problems.append("package: missing %s" % key)
    if "uri" in package and not (isinstance(package["uri"], str) and URI.match(package["uri"])):
        problems.append("package.uri: not a URI: %r" % package["uri"])
    if package.get("version") != "1.1":
        problems.append("package.version: expected \"1.1\", got %r" % package.get("version"))
    if "publishedDate" in package and not is_date_time(package["publishedDate"]):
        problems.append("package.publishedDate: not a date-time: %r" % package["publishedDate"])
    publisher = package.get("publisher")
    if not isinstance(publisher, dict) or not isinstance(publisher.get("name"), str) or not publisher["name"]:
        problems.append("package.publisher: expected an object with a name")
    releases = package.get("releases")
    if not isinstance(releases, list) or not releases:
        problems.append("package.releases: expected a non-empty array")
        return problems

    seen = set()
    for i, release in enumerate(releases):
        for error in sorted(validator.iter_errors(release), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in error.absolute_path)
            problems.append("releases[%d]/%s: %s" % (i, where, error.message))
        if isinstance(release, dict):
            if not OCID.match(str(release.get("ocid", ""))):
                problems.append("releases[%d].ocid: not ocds-<prefix>-<id>: %r" % (i, release.get("ocid")))
            if not is_date_time(release.get("date")):
                problems.append("releases[%d].date: not a date-time" % i)
            if release.get("id") in seen:
                problems.append("releases[%d].id: duplicate %r" % (i, release.get("id")))
            seen.add(release.get("id"))
    return problems


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft4Validator.check_schema(schema)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())

    failed = 0
    for path in argv[2:]:
        problems = check_package(path, validator)
        if problems:
            failed += 1
            print("INVALID %s" % path)
            for p in problems[:50]:
                print("  " + p)
        else:
            print("valid   %s" % path)
    print("%d package(s), %d invalid" % (len(argv) - 2, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
