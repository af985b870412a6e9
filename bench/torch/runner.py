"""PyTorch's engine: `python3 runner.py <plan.json>`.

Runs the planned rows (each a snippet module beside this file exposing setup(params) ->
step) under the same timing policy as bench/lib/measure.mjs, and appends one JSON line per
row to the plan's outPath.
"""
import importlib
import json
import os
import statistics
import sys
import time

import torch

from blas import loaded_blas


def measure(step, policy):
    start = time.perf_counter()
    step()
    first_ms = (time.perf_counter() - start) * 1e3
    while (time.perf_counter() - start) * 1e3 < policy['warmupMs']:
        step()
    warmup_ms = (time.perf_counter() - start) * 1e3
    at_least = 1 if first_ms > policy['budgetMs'] else policy['minRepeats']
    samples, spent = [], 0.0
    while len(samples) < policy['repeats'] and (spent < policy['budgetMs'] or len(samples) < at_least):
        start = time.perf_counter()
        step()
        ms = (time.perf_counter() - start) * 1e3
        samples.append(ms)
        spent += ms
    return {'medianMs': statistics.median(samples), 'samplesMs': samples, 'warmupMs': warmup_ms}


def main():
    with open(sys.argv[1]) as f:
        plan = json.load(f)
    torch.set_num_threads(plan['threads'])
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

    def emit(record):
        with open(plan['outPath'], 'a') as out:
            out.write(json.dumps(record) + '\n')

    emit({'kind': 'engine', 'info': {
        'version': torch.__version__,
        'threads': torch.get_num_threads(),
        'blas': torch.__config__.show().split('BLAS_INFO=')[1].split(',')[0],
        'blasLibraries': [library['path'] for library in loaded_blas()],
    }})
    for row in plan['rows']:
        try:
            step = importlib.import_module(row['snippet']).setup(row['params'])
            result = measure(step, row['policy'])
            shown = f"{result['medianMs']:.1f} ms median of {len(result['samplesMs'])}"
        except Exception as error:  # a failing row is reported as n/a, the run goes on
            result = {'na': f'error: {error}'.split('\n')[0]}
            shown = result['na']
        emit({'kind': 'row', 'id': row['id'], **result})
        print(f"progress: {plan['engineId']} {row['label']}: {shown}", flush=True)


if __name__ == '__main__':
    main()
