"""GRPO rewards written by agentft (episode mode): the episode reward itself is AgentftWorldEnv.get_reward
(environment.py), which TRL adds as its own reward column. This list carries the terms beside it."""

from __future__ import annotations


def tool_calls_made(prompts, completions, environments=None, **kwargs) -> list[float]:
    """0 for a rollout that ran code in its world, -1 for one that never called `execute` (it cannot score)."""
    if not environments:
        return [0.0 for _ in completions]
    return [0.0 if getattr(env, "_executions", 0) > 0 else -1.0 for env in environments]


REWARD_FUNCS = [tool_calls_made]
