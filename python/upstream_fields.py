"""Print the field names of the upstream config classes agentft's training configs mirror, as JSON.

Used by test/train/upstream-fields.test.ts to check lib/train/upstream-fields.ts against the installed
TRL / transformers / PEFT, and to regenerate it: python python/upstream_fields.py
"""
import dataclasses
import inspect
import json

import peft
import transformers
import trl
from peft import LoraConfig
from transformers import BitsAndBytesConfig
from trl import GRPOConfig, SFTConfig


def init_params(cls):
    return [n for n, p in inspect.signature(cls.__init__).parameters.items()
            if n != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]


print(json.dumps({
    "versions": {"trl": trl.__version__, "transformers": transformers.__version__, "peft": peft.__version__},
    "SFTConfig": sorted(f.name for f in dataclasses.fields(SFTConfig) if f.init),
    "GRPOConfig": sorted(f.name for f in dataclasses.fields(GRPOConfig) if f.init),
    "LoraConfig": sorted(f.name for f in dataclasses.fields(LoraConfig) if f.init),
    "BitsAndBytesConfig": sorted(init_params(BitsAndBytesConfig)),
}))
