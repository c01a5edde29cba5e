"""Validate App Engine yaml files with the Google Cloud CLI's own parsers, offline.

Run it in its OWN process, never import it from the app or a test: it puts the SDK's libraries on
sys.path, which breaks `import google.cloud.ndb` in the same interpreter.

    python3 scripts/validate_appengine_yaml.py SDK_ROOT [--app F] [--cron F] [--queue F] [--index F]

Prints one JSON summary line on success; exits 1 with the parser's message on the first error.
`croninfo` alone accepts any schedule ("every blue moon"), so each one is also parsed by groc.
"""
import argparse
import json
import sys


def sdk_modules(sdk_root):
    sys.path[:0] = [
        sdk_root + "/lib",
        sdk_root + "/platform/google_appengine/lib/py3_antlr3",
        sdk_root + "/lib/third_party",
    ]
    from googlecloudsdk.appengine.api import appinfo, croninfo, queueinfo
    from googlecloudsdk.appengine.datastore import datastore_index
    from googlecloudsdk.appengine.googlecron import groctimespecification
    return appinfo, croninfo, queueinfo, datastore_index, groctimespecification


def check_app(path, appinfo):
    with open(path) as f:
        info = appinfo.LoadSingleAppInfo(f)
    return {"runtime": info.runtime, "handlers": len(info.handlers or [])}


def check_cron(path, croninfo, groc):
    with open(path) as f:
        jobs = croninfo.LoadSingleCron(f).cron or []
    for job in jobs:
        try:
            groc.GrocTimeSpecification(job.schedule)
        except Exception as e:  # groc raises several unrelated types
            raise ValueError(f"{job.url}: bad schedule {job.schedule!r}: {e}") from e
    return {"jobs": [[job.url, job.schedule] for job in jobs]}


def check_queue(path, queueinfo):
    with open(path) as f:
        queues = queueinfo.LoadSingleQueue(f).queue or []
    return {"queues": [q.name for q in queues]}


def check_index(path, datastore_index):
    with open(path) as f:
        indexes = datastore_index.ParseIndexDefinitions(f).indexes or []
    for index in indexes:
        if not index.kind or not index.properties:
            raise ValueError(f"index without kind or properties: {index}")
    return {"indexes": [[i.kind, [p.name for p in i.properties]] for i in indexes]}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sdk_root")
    for name in ("app", "cron", "queue", "index"):
        parser.add_argument("--" + name, metavar="FILE")
    args = parser.parse_args(argv)
    appinfo, croninfo, queueinfo, datastore_index, groc = sdk_modules(args.sdk_root)
    summary = {}
    try:
        if args.app:
            summary["app"] = check_app(args.app, appinfo)
        if args.cron:
            summary["cron"] = check_cron(args.cron, croninfo, groc)
        if args.queue:
            summary["queue"] = check_queue(args.queue, queueinfo)
        if args.index:
            summary["index"] = check_index(args.index, datastore_index)
    except Exception as e:
        print(f"INVALID: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
