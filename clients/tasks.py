"""The Cloud Tasks client: the only importer of tasks_v2.

Production and the emulator share this code; only the channel differs (the emulator needs an explicit insecure
gRPC channel, see PLATFORM.md). queue.yaml is definitive: nothing here creates queues.
"""
from __future__ import annotations

import json

from config import Config


class TaskQueue:
    def __init__(self, config: Config):
        from google.cloud import tasks_v2

        self._tasks_v2 = tasks_v2
        if config.tasks_emulator_host:
            import grpc
            from google.cloud.tasks_v2.services.cloud_tasks.transports import CloudTasksGrpcTransport

            channel = grpc.insecure_channel(config.tasks_emulator_host)
            self.client = tasks_v2.CloudTasksClient(transport=CloudTasksGrpcTransport(channel=channel))
        else:
            self.client = tasks_v2.CloudTasksClient()
        self.config = config
        self.enqueued = 0

    def queue_path(self, queue: str) -> str:
        return self.client.queue_path(self.config.project, self.config.tasks_location, queue)

    def enqueue(self, queue: str, relative_uri: str, payload: dict, name: str | None = None) -> str:
        """Add an App Engine POST task carrying ``payload`` as JSON; returns the task's name."""
        tasks_v2 = self._tasks_v2
        request = tasks_v2.AppEngineHttpRequest(
            http_method=tasks_v2.HttpMethod.POST,
            relative_uri=relative_uri,
            headers={"Content-Type": "application/json"},
            body=json.dumps(payload).encode(),
        )
        if self.config.tasks_service:
            request.app_engine_routing = tasks_v2.AppEngineRouting(service=self.config.tasks_service)
        task = tasks_v2.Task(app_engine_http_request=request)
        if name:
            task.name = f"{self.queue_path(queue)}/tasks/{name}"
        created = self.client.create_task(parent=self.queue_path(queue), task=task)
        self.enqueued += 1
        return created.name


def make_task_queue(config: Config) -> TaskQueue:
    return TaskQueue(config)
