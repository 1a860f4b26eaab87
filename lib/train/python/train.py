#!/usr/bin/env python3
"""Training run written by agentft: TRL SFT / GRPO with PEFT and bitsandbytes, configured by train_config.json.

Commands (run from anywhere; paths are relative to this file's folder, the run directory):
  python train.py                      train (resumes from the last checkpoint in output/ when there is one)
  accelerate launch --num_processes N train.py    the same on N GPUs (one process per GPU)
  python train.py merge [--adapter DIR] [--out DIR]  merge a LoRA adapter into its base model
  python train.py tiny-model --out DIR  build the tiny random Qwen2 (model id "tiny-random-qwen2") into DIR

Every log event is appended as one JSON line to metrics.jsonl (a TrainerCallback, flushed per line): never
parse stdout, where TRL prints its values as strings.

GRPO reward contract: rewards.py in the run directory defines REWARD_FUNCS, a list of TRL reward callables
`(prompts, completions, **kwargs) -> list[float]` (every data set column besides `prompt` arrives as a keyword
list); an optional environment.py defines ENVIRONMENT_FACTORY, a class passed as `environment_factory=` to
GRPOTrainer.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import sys
import time
from pathlib import Path

RUN_DIR = Path(__file__).resolve().parent
TINY_MODEL_ID = "tiny-random-qwen2"
# Bump when the tiny model's construction changes, so a stale build is rebuilt rather than reused.
TINY_MODEL_VERSION = 1
SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]

# Text the tiny tokenizer's BPE merges are learnt from: English, ChatML framing, Python API calls and JSON,
# like the project's training rows. A fixed corpus keeps the tokenizer identical on every machine.
TINY_CORPUS = """\
You are a helpful assistant. You are Qwen, created by Alibaba Cloud.
User Instruction : Send $91 privately to my roommate with the phone number 2192158297.
The following list contains the ordered set of steps already taken, the last element of the list is the current state.
Current Observation : Execution successful. Based on User instruction, history of steps taken and current observation,
decide your next step. Respond with the action to take and the thought behind it. Respond in the following json format:
{"thought" : "I need to look up the venmo APIs first.", "action" : "print(apis.api_docs.show_api_descriptions(app_name='venmo'))"}
{'thought': 'Find the contact by phone number.', 'action': "apis.phone.search_contacts(query='2192158297', access_token=token)"}
apis.venmo.create_transaction(receiver_email='robert.smith@example.com', amount=91, private=True, access_token=token)
apis.supervisor.complete_task(answer=None) apis.supervisor.show_account_passwords() apis.venmo.login(username=email, password=pw)
show_api_doc('venmo', 'create_transaction') show_api_descriptions('phone') search_friends page_index page_limit
Transfer 20 bucks to Alice for lunch. Pay Bob $45 for the concert tickets. Shoot over a fiver to Carol for the Uber.
Wire 100 quid to Dave for rent. Send over $12.50 to Emma for groceries. Venmo Frank 30 for coffee and pizza.
#thought
answer = world.apis.venmo.show_transactions(access_token=access_token, page_index=0, page_limit=20)
Execution failed. Traceback: File "<python-input>", line 1, in <module> Exception: Response status code is 401.
{"id": 42, "amount": 91.0, "description": "dinner", "created_at": "2023-05-18T12:00:00", "private": true}
[{"first_name": "Robert", "last_name": "Smith", "email": "robert.smith@example.com", "phone_number": "2192158297"}]
The quick brown fox jumps over the lazy dog. 0123456789 + - * / = ( ) [ ] { } < > , . ; : ! ? ' " _ # @ $ % & |
"""


def log_path() -> Path:
    return RUN_DIR / "metrics.jsonl"


_log_tail_checked = False


def end_log_at_line(path: Path) -> None:
    """Make the log end with a newline: a process killed mid-write leaves a fragment after the last one, and
    the next append would glue its event to it, one bad line in the middle that loses that event too. The
    fragment is cut; a tail that is a whole JSON object (only its newline missing) gets its newline."""
    try:
        handle = open(path, "rb+")
    except FileNotFoundError:
        return
    with handle:
        end = handle.seek(0, os.SEEK_END)
        start = end
        # Back from the end a block at a time: the file can be long, the fragment never is.
        while start > 0:
            block_start = max(0, start - 65536)
            handle.seek(block_start)
            block = handle.read(start - block_start)
            newline = block.rfind(b"\n")
            if newline >= 0:
                start = block_start + newline + 1
                break
            start = block_start
        if start == end:
            return
        handle.seek(start)
        tail = handle.read()
        try:
            whole = isinstance(json.loads(tail), dict)
        except ValueError:
            whole = False
        if whole:
            handle.seek(end)
            handle.write(b"\n")
        else:
            handle.truncate(start)
        handle.flush()
        os.fsync(handle.fileno())


def json_safe(value):
    """A diverged run logs NaN or infinite losses; json.dumps would write them as bare NaN/Infinity, which is
    not JSON (JavaScript's parser refuses the line). They are written as the strings "NaN", "Infinity" and
    "-Infinity", which the readers turn back into numbers."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(item) for item in value]
    return value


def append_event(event: dict) -> None:
    """One JSON line per event, flushed and synced, so a kill loses nothing already logged."""
    global _log_tail_checked
    if not _log_tail_checked:
        end_log_at_line(log_path())
        _log_tail_checked = True
    with open(log_path(), "a", encoding="utf-8") as handle:
        handle.write(json.dumps(json_safe(event), default=str, allow_nan=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def is_main_process() -> bool:
    return int(os.environ.get("RANK", "0")) == 0


def read_config() -> dict:
    return json.loads((RUN_DIR / "train_config.json").read_text(encoding="utf-8"))


# -- the tiny random Qwen2 ---------------------------------------------------------------------------------


def build_tiny_model(out: Path, options: dict | None = None) -> Path:
    """Build a randomly initialised Qwen2 from a config, with a small byte-level BPE tokenizer and the
    Qwen2.5 chat template, into `out`. Nothing is downloaded. Reused when `out` holds the same build."""
    options = dict(options or {})
    settings = {
        "version": TINY_MODEL_VERSION,
        "vocab_size": int(options.get("vocab_size", 512)),
        "hidden_size": int(options.get("hidden_size", 64)),
        "intermediate_size": int(options.get("intermediate_size", 128)),
        "num_hidden_layers": int(options.get("num_hidden_layers", 2)),
        "num_attention_heads": int(options.get("num_attention_heads", 4)),
        "num_key_value_heads": int(options.get("num_key_value_heads", 2)),
        "max_position_embeddings": int(options.get("max_position_embeddings", 4096)),
        "seed": int(options.get("seed", 0)),
    }
    marker = out / "agentft_tiny_model.json"
    if marker.exists() and json.loads(marker.read_text(encoding="utf-8")) == settings:
        return out

    import torch
    import trl
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import GenerationConfig, PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM

    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=settings["vocab_size"],
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    bpe.train_from_iterator(TINY_CORPUS.splitlines(), trainer)
    template = (Path(trl.__file__).parent / "chat_templates" / "qwen2_5.jinja").read_text(encoding="utf-8")
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        additional_special_tokens=["<|im_start|>"],
    )
    tokenizer.chat_template = template
    eos_id = tokenizer.convert_tokens_to_ids("<|im_end|>")
    pad_id = tokenizer.convert_tokens_to_ids("<|endoftext|>")

    torch.manual_seed(settings["seed"])
    config = Qwen2Config(
        vocab_size=len(tokenizer),
        hidden_size=settings["hidden_size"],
        intermediate_size=settings["intermediate_size"],
        num_hidden_layers=settings["num_hidden_layers"],
        num_attention_heads=settings["num_attention_heads"],
        num_key_value_heads=settings["num_key_value_heads"],
        max_position_embeddings=settings["max_position_embeddings"],
        tie_word_embeddings=True,
        bos_token_id=None,
        eos_token_id=eos_id,
        pad_token_id=pad_id,
    )
    model = Qwen2ForCausalLM(config)
    model.generation_config = GenerationConfig(eos_token_id=[eos_id, pad_id], pad_token_id=pad_id)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    (out / "chat_template.jinja").write_text(template, encoding="utf-8")
    marker.write_text(json.dumps(settings), encoding="utf-8")
    return out


def resolve_model(config: dict) -> str:
    """The model to load: a hub id or path as given, or the tiny random Qwen2 built inside the run directory."""
    if config["model"] == TINY_MODEL_ID:
        return str(build_tiny_model(RUN_DIR / TINY_MODEL_ID, config.get("tinyModel")))
    return config["model"]


# -- training ------------------------------------------------------------------------------------------------


def metrics_callback():
    from transformers import TrainerCallback

    class JsonLinesMetrics(TrainerCallback):
        """Appends every log event to metrics.jsonl with its step, as numbers (never stdout's strings)."""

        def on_train_begin(self, args, state, control, **kwargs):
            if state.is_world_process_zero:
                append_event({"event": "train_begin", "time": time.time(), "step": state.global_step,
                              "max_steps": state.max_steps, "num_train_epochs": state.num_train_epochs})

        def on_log(self, args, state, control, logs=None, **kwargs):
            if state.is_world_process_zero and logs:
                append_event({"event": "log", "time": time.time(), "step": state.global_step,
                              "max_steps": state.max_steps, "epoch": state.epoch, **logs})

        def on_save(self, args, state, control, **kwargs):
            if state.is_world_process_zero:
                path = Path(args.output_dir) / f"checkpoint-{state.global_step}"
                append_event({"event": "checkpoint", "time": time.time(), "step": state.global_step,
                              "path": str(path.relative_to(RUN_DIR))})

        def on_train_end(self, args, state, control, **kwargs):
            if state.is_world_process_zero:
                append_event({"event": "train_end", "time": time.time(), "step": state.global_step,
                              "max_steps": state.max_steps})

    return JsonLinesMetrics()


def load_module(name: str):
    path = RUN_DIR / f"{name}.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"agentft_run_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def load_rewards():
    rewards = load_module("rewards")
    if rewards is None or not isinstance(getattr(rewards, "REWARD_FUNCS", None), (list, tuple)):
        raise SystemExit(f"GRPO needs {RUN_DIR / 'rewards.py'} defining REWARD_FUNCS, a list of reward callables "
                         "(prompts, completions, **kwargs) -> list[float]")
    if not rewards.REWARD_FUNCS:
        raise SystemExit("rewards.py: REWARD_FUNCS is empty; give at least one reward function")
    environment = load_module("environment")
    factory = getattr(environment, "ENVIRONMENT_FACTORY", None) if environment else None
    return list(rewards.REWARD_FUNCS), factory


def load_model(config: dict, model_path: str):
    import torch
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig

    kwargs = {"dtype": getattr(torch, config.get("modelDtype", "float32"))}
    bnb = config.get("bnb")
    if bnb:
        bnb = dict(bnb)
        if isinstance(bnb.get("bnb_4bit_compute_dtype"), str):
            bnb["bnb_4bit_compute_dtype"] = getattr(torch, bnb["bnb_4bit_compute_dtype"])
        kwargs["quantization_config"] = BitsAndBytesConfig(**bnb)
        # A quantized model sits whole on this process's GPU; accelerate gives each process its LOCAL_RANK.
        kwargs["device_map"] = {"": int(os.environ.get("LOCAL_RANK", "0"))}
    model = AutoModelForCausalLM.from_pretrained(model_path, **kwargs)
    if bnb:
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(
            model, use_gradient_checkpointing=config["trl"].get("gradient_checkpointing", True))
    return model


def train() -> None:
    from datasets import load_dataset
    from transformers import AutoTokenizer
    from transformers.trainer_utils import get_last_checkpoint

    config = read_config()
    model_path = resolve_model(config)
    tokenizer = AutoTokenizer.from_pretrained(model_path)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    dataset = load_dataset("json", data_files=str(RUN_DIR / config["data"]["train"]), split="train")
    output_dir = RUN_DIR / "output"
    trl_args = {**config["trl"], "output_dir": str(output_dir)}
    peft_config = None
    if config.get("lora"):
        from peft import LoraConfig

        peft_config = LoraConfig(**config["lora"])
    model = load_model(config, model_path)
    callbacks = [metrics_callback()]

    if config["method"] == "grpo":
        from trl import GRPOConfig, GRPOTrainer

        reward_funcs, environment_factory = load_rewards()
        extra = {"environment_factory": environment_factory} if environment_factory is not None else {}
        trainer = GRPOTrainer(model=model, reward_funcs=reward_funcs, args=GRPOConfig(**trl_args),
                              train_dataset=dataset, processing_class=tokenizer, peft_config=peft_config,
                              callbacks=callbacks, **extra)
    else:
        from trl import SFTConfig, SFTTrainer

        trainer = SFTTrainer(model=model, args=SFTConfig(**trl_args), train_dataset=dataset,
                             processing_class=tokenizer, peft_config=peft_config, callbacks=callbacks)

    last = get_last_checkpoint(str(output_dir)) if output_dir.is_dir() else None
    if is_main_process():
        append_event({"event": "start", "time": time.time(), "method": config["method"], "model": config["model"],
                      "rows": len(dataset), "resume_from": str(Path(last).relative_to(RUN_DIR)) if last else None,
                      "world_size": int(os.environ.get("WORLD_SIZE", "1"))})
    trainer.train(resume_from_checkpoint=last)
    final = output_dir / "final"
    trainer.save_model(str(final))
    if trainer.is_world_process_zero():
        tokenizer.save_pretrained(str(final))
        kind = "adapter" if peft_config is not None else "model"
        append_event({"event": "saved", "time": time.time(), "kind": kind, "path": str(final.relative_to(RUN_DIR))})
        if peft_config is not None and config.get("mergeAdapter"):
            merge(final, output_dir / "merged")


def merge(adapter: Path, out: Path) -> None:
    """Merge a LoRA adapter into its (unquantized) base model and save the result with the tokenizer."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    config = read_config()
    base_path = resolve_model(config)
    dtype = getattr(torch, config.get("mergeDtype", "bfloat16"))
    base = AutoModelForCausalLM.from_pretrained(base_path, dtype=dtype)
    merged = PeftModel.from_pretrained(base, str(adapter)).merge_and_unload()
    merged.save_pretrained(str(out))
    AutoTokenizer.from_pretrained(str(adapter)).save_pretrained(str(out))
    append_event({"event": "merged", "time": time.time(), "adapter": str(adapter), "path": str(out)})


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    merge_cmd = sub.add_parser("merge", help="merge a LoRA adapter into its base model")
    merge_cmd.add_argument("--adapter", default=str(RUN_DIR / "output" / "final"))
    merge_cmd.add_argument("--out", default=str(RUN_DIR / "output" / "merged"))
    tiny = sub.add_parser("tiny-model", help="build the tiny random Qwen2 into a folder")
    tiny.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if args.command == "merge":
        merge(Path(args.adapter), Path(args.out))
    elif args.command == "tiny-model":
        print(build_tiny_model(Path(args.out)))
    else:
        train()


if __name__ == "__main__":
    main(sys.argv[1:])
