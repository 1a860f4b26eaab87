"""GRPO episode environment written by agentft: one task world per rollout on an AppWorld-protocol server.

TRL's GRPOTrainer(environment_factory=AgentftWorldEnv) makes one instance per rollout and calls
`reset(task_id=..., **row)` before each episode; `execute` is the model's one tool; `get_reward` evaluates
the world, closes it and returns the episode reward. Standard library only, so it runs and is tested without TRL.

The server address: $AGENTFT_ENV_URL, else `env_url` of grpo_config.json beside this file. The reward
terms come from that file's `reward` object (see agentft's RewardConfigSchema); the episode reward is
  share of the task's no_op_fail tests passed + success_bonus * success
  - collateral_penalty * (no_op_pass tests failing) - failed_execution_penalty * (share of failed executions).
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

_CONFIG_FILE = Path(__file__).resolve().parent / "grpo_config.json"


def _load_config() -> dict:
    try:
        return json.loads(_CONFIG_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


_CONFIG = _load_config()
_REWARD = {"successBonus": 1.0, "collateralPenalty": 1.0, "failedExecutionPenalty": 0.0, **_CONFIG.get("reward", {})}


def env_url() -> str:
    url = os.environ.get("AGENTFT_ENV_URL") or _CONFIG.get("env_url")
    if not url:
        raise RuntimeError("No environment server: set AGENTFT_ENV_URL or `env_url` in grpo_config.json "
                           "(start one with `agentft world serve --port 8000`).")
    return url.rstrip("/")


def _post(route: str, body: dict, attempts: int = 3) -> object:
    """POST to the environment server and return its `output`; connection failures are retried."""
    data = json.dumps(body).encode("utf-8")
    headers = {"content-type": "application/json"}
    token = os.environ.get("AGENTFT_WORLD_TOKEN")
    if token:
        headers["authorization"] = f"Bearer {token}"
    for attempt in range(attempts):
        request = urllib.request.Request(env_url() + route, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=float(_CONFIG.get("timeout_s", 120))) as answer:
                return json.loads(answer.read().decode("utf-8")).get("output")
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace")[:500]
            raise RuntimeError(f"POST {route} answered {error.code}: {detail}") from None
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def score_episode(tracker: dict, executions: int, failed: int, reward: dict = _REWARD) -> float:
    """The episode reward of an /evaluate tracker; the same formula as agentft's scoreEpisode."""
    passed = sum(1 for p in tracker.get("passes", []) if p.get("label") == "no_op_fail")
    missed = sum(1 for f in tracker.get("failures", []) if f.get("label") == "no_op_fail")
    collateral = sum(1 for f in tracker.get("failures", []) if f.get("label") == "no_op_pass")
    progress = passed / (passed + missed) if passed + missed else 0.0
    share_failed = failed / executions if executions else 0.0
    return (progress + (float(reward["successBonus"]) if tracker.get("success") else 0.0)
            - float(reward["collateralPenalty"]) * collateral
            - float(reward["failedExecutionPenalty"]) * share_failed)


def _is_failed(output: str) -> bool:
    return output.startswith("Execution failed.") or output == "No code available to execute."


class AgentftWorldEnv:
    """One rollout's task world. Public methods other than reset/get_reward are the model's tools."""

    def __init__(self) -> None:
        self._task_id: str | None = None
        self._experiment: str | None = None
        self._executions = 0
        self._failed = 0
        self.last_reward: float | None = None

    def reset(self, task_id: str | None = None, **row) -> str | None:
        if task_id is None:
            raise ValueError("reset needs the row's task_id column (the data set of `agentft grpo plan` has it)")
        self._close()
        self._task_id = str(task_id)
        # A name of its own per episode: the server holds many worlds of one task side by side.
        self._experiment = f"grpo-episode-{uuid.uuid4().hex[:16]}"
        self._executions = 0
        self._failed = 0
        self.last_reward = None
        _post("/initialize", {"task_id": self._task_id, "experiment_name": self._experiment,
                              "max_interactions": int(_CONFIG.get("max_interactions", 50))})
        return None

    def execute(self, code: str) -> str:
        """Run Python code in the task's REPL, where `apis.<app>.<api>(...)` calls the apps.

        Args:
            code: The Python code to run; print what you want to see.

        Returns:
            What the code printed, `Execution successful.`, or the traceback of the failure.
        """
        if self._experiment is None:
            return "No task world is open; the episode has ended."
        output = _post("/execute", {"task_id": self._task_id, "experiment_name": self._experiment, "code": code})
        output = output if isinstance(output, str) else json.dumps(output)
        self._executions += 1
        self._failed += 1 if _is_failed(output) else 0
        return output

    def get_reward(self) -> float:
        if self._experiment is None:
            return self.last_reward if self.last_reward is not None else 0.0
        try:
            tracker = _post("/evaluate", {"task_id": self._task_id, "experiment_name": self._experiment})
            self.last_reward = score_episode(tracker if isinstance(tracker, dict) else {}, self._executions, self._failed)
        finally:
            self._close()
        return self.last_reward

    @property
    def failed_execution_share(self) -> float:
        return self._failed / self._executions if self._executions else 0.0

    def _close(self) -> None:
        if self._experiment is None:
            return
        experiment, self._experiment = self._experiment, None
        try:
            _post("/close", {"task_id": self._task_id, "experiment_name": experiment})
        except Exception:  # noqa: BLE001 - a world already gone (idle time-out, server restart) needs no closing
            pass

    def __del__(self) -> None:
        try:
            self._close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass


ENVIRONMENT_FACTORY = AgentftWorldEnv
