"""What the parts of a request cost, in process (CPU µs per call, this process's clock, which includes gRPC's
threads): a Datastore lookup through ndb beside the same lookup through the raw gRPC stub, a batch lookup, a
transaction, the session cookie (read and signed), an action's JSON answer, and rendering the /badges page.

Invariants: every part runs against the services of the environment in a fresh namespace that is deleted
afterwards; each part is warmed up, then timed over many calls.
"""
from __future__ import annotations

import datetime
import time
import uuid
from typing import Callable

WARMUP, CALLS = 30, 300


def cpu_us(call: Callable[[], object], calls: int = CALLS) -> float:
    for _ in range(WARMUP):
        call()
    started = time.process_time()
    for _ in range(calls):
        call()
    return (time.process_time() - started) / calls * 1e6


def _datastore_parts(app) -> dict[str, float]:
    from google.cloud import ndb
    from google.cloud.datastore_v1.types import datastore as datastore_pb2
    from google.cloud.ndb import _datastore_api
    from google.cloud.ndb import context as context_module

    from clients.datastore import transact
    from models.user import UserData, UserExercise

    key = ndb.Key(UserData, "parts")
    UserData(key=key, nickname="parts", badge_counts=[0] * 6).put()
    keys = [key] + [ndb.Key(UserExercise, name, parent=key) for name in ("addition_1", "subtraction_1")]
    stub = _datastore_api.stub()
    lookup = datastore_pb2.LookupRequest(project_id=app.extensions["meteorite.config"].project,
                                         keys=[key._key.to_protobuf()])
    parts = {
        "ndb: get of one entity": cpu_us(key.get),
        "gRPC stub: the same lookup, as a gRPC future (ndb's own stub)":
            cpu_us(lambda: stub.transport.lookup.future(lookup).result()),
        "gRPC stub: the same lookup, blocking (as the app's stub makes it)": cpu_us(lambda: stub.lookup(lookup)),
        "ndb: get_multi of three keys (one lookup)": cpu_us(lambda: ndb.get_multi(keys)),
        "ndb: transaction reading and writing one entity": cpu_us(lambda: transact(lambda: key.get().put()), 150),
    }
    client = context_module.get_context().client
    client.stub = stub.transport  # ndb's default: every RPC a gRPC future
    try:
        parts["ndb with gRPC futures (its default stub): get of one entity"] = cpu_us(key.get)
        parts["ndb with gRPC futures (its default stub): the same transaction"] = cpu_us(
            lambda: transact(lambda: key.get().put()), 150)
    finally:
        client.stub = stub
    return parts


def _flask_parts(app, cookie: str) -> dict[str, float]:
    from flask import jsonify, render_template, request
    from google.cloud import ndb

    from actions.results import ActionResults
    from badges import listing, presentation
    from handlers.serializers import user_exercise_json
    from models.user import UserData, UserExercise

    interface = app.session_interface
    ud = UserData(key=ndb.Key(UserData, "parts"), nickname="parts", points=1234, badge_counts=[1, 2, 0, 0, 0, 0])
    ue = UserExercise(exercise="addition_1", streak=3, total_done=12, total_correct=10)
    body = {"correct": True, "completed": True, "user_exercise": user_exercise_json(ue),
            "action_results": ActionResults(ud, points=75).to_json()}
    with app.test_request_context("/", headers={"Cookie": f"session={cookie}"}):
        session = interface.open_session(app, request)
        parts = {"session cookie: read and verify": cpu_us(lambda: interface.open_session(app, request)),
                 "session cookie: sign (a changed session)": cpu_us(
                     lambda: interface.get_signing_serializer(app).dumps(dict(session))),
                 "JSON: an attempt's answer": cpu_us(lambda: jsonify(body).get_data())}
        catalog = listing.catalog_for(ud, app.extensions["meteorite.cache"])
        parts["Jinja: the /badges page body"] = cpu_us(lambda: render_template(
            "pages/badges.html", ident=None, ud=ud, badge_counts=ud.badge_counts_json(), notifications=[],
            categories=presentation.categories_json(), catalog=catalog), 100)
    return parts


def run(quick: bool = True) -> dict:
    from bench.app_server import delete_namespace
    from clients.datastore import context
    from config import Config
    from main import create_app

    namespace = f"bench{uuid.uuid4().hex[:10]}"
    app = create_app(Config.from_env().with_(namespace=namespace, cache_prefix=f"{namespace}:"))
    try:
        client = app.test_client()
        client.get("/api/v1/user")  # a phantom's session cookie, as every student sends
        cookie = client.get_cookie("session").value
        with context(app.extensions["meteorite.ndb"], app.extensions["meteorite.config"]):
            parts = {**_datastore_parts(app), **_flask_parts(app, cookie)}
    finally:
        delete_namespace(namespace)
    return {"measured": datetime.datetime.now().isoformat(), "cpu_us": parts}


def markdown(result: dict) -> list[str]:
    lines = ["", "### What a request's parts cost", "",
             f"In process, CPU per call (µs, over {CALLS} calls after {WARMUP} warm-up calls; the process clock, "
             "gRPC's own threads included):", "", "| part | CPU µs |", "|---|---:|"]
    lines += [f"| {part} | {us:,.0f} |" for part, us in result["cpu_us"].items()]
    return lines + [""]
