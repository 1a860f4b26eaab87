"""GRPO rewards written by agentft (step mode): each completion's action is executed in its own copy of the
task's world, restored to the prompt's state, by the reward service (`agentft grpo reward-server`).

The service address: $AGENTFT_REWARD_URL, else `reward_url` of grpo_config.json beside this file.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from pathlib import Path

_CONFIG_FILE = Path(__file__).resolve().parent / "grpo_config.json"
_CONFIG = json.loads(_CONFIG_FILE.read_text(encoding="utf-8")) if _CONFIG_FILE.exists() else {}


def reward_url() -> str:
    url = os.environ.get("AGENTFT_REWARD_URL") or _CONFIG.get("reward_url")
    if not url:
        raise RuntimeError("No reward service: set AGENTFT_REWARD_URL or `reward_url` in grpo_config.json "
                           "(start one with `agentft grpo reward-server --port 8100`).")
    return url.rstrip("/")


def world_step_reward(prompts, completions, task_id, history, **kwargs) -> list[float]:
    """One float per completion: the seed's -1 unparseable / -1 failed / +1 executed, plus the configured terms."""
    body = json.dumps({"completions": list(completions), "task_id": list(task_id), "history": list(history)})
    request = urllib.request.Request(reward_url() + "/reward", data=body.encode("utf-8"),
                                     headers={"content-type": "application/json"}, method="POST")
    for attempt in range(5):
        try:
            with urllib.request.urlopen(request, timeout=float(_CONFIG.get("timeout_s", 300))) as answer:
                rewards = json.loads(answer.read().decode("utf-8"))["rewards"]
            break
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"POST /reward answered {error.code}: {error.read().decode('utf-8', 'replace')[:500]}") from None
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if attempt == 4:
                raise
            time.sleep(0.5 * (attempt + 1))
    if len(rewards) != len(completions):
        raise RuntimeError(f"the reward service answered {len(rewards)} rewards for {len(completions)} completions")
    return [float(r) for r in rewards]


REWARD_FUNCS = [world_step_reward]
