import atexit
import os
import tempfile

import torch

try:
    from safetensors.torch import load_file, save_file
except ImportError:  # not packaged for this machine's Python: the pickle format instead
    load_file = torch.load

    def save_file(state, path):
        torch.save(state, path)


def make_state(mib):
    """The shapes of bench/lib/safetensors-state.mjs, filled as x fills them."""
    state, left, i = {}, mib * 2**18, 0
    while left > 0:
        n = min(left, 2**24)
        shape = (n // 4096, 4096) if n % 4096 == 0 else (n,)
        state[f"layers.{i}.weight"] = torch.full(shape, 0.5 + i)
        left -= n
        i += 1
    return state


def setup(params):
    path = os.path.join(tempfile.gettempdir(), f"torch-bench-{os.getpid()}.safetensors")
    atexit.register(lambda: os.path.exists(path) and os.remove(path))
    state = make_state(params["mib"])
    save_file(state, path)
    if params["op"] == "save":
        return lambda: save_file(state, path)
    del state
    return lambda: load_file(path)
