"""PyTorch's side of bench/safetensors-memory.mjs: `python3 safetensors_child.py save|load
<path> <mib>`; prints the same JSON line as bench/lib/safetensors-child.mjs."""
import json
import os
import resource
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import load_file, make_state, save_file  # noqa: E402 (beside this file)


def rss_mib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


op, path, mib = sys.argv[1], sys.argv[2], int(sys.argv[3])
torch.set_num_threads(1)
state = make_state(mib) if op == "save" else None
before = rss_mib()
start = time.perf_counter()
if op == "save":
    save_file(state, path)
else:
    state = load_file(path)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
print(json.dumps({"seconds": seconds, "beforeMiB": before, "peakMiB": peak, "tensors": len(state)}))
