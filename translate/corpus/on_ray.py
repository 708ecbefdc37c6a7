"""Ray executor for `translate review-corpus --ray ADDRESS` (``pip install 'translate[ray]'``).

Chunks that need the model go to model-holding actors (one per GPU with ``num_gpus=1``
when the cluster has GPUs, otherwise one per CPU, at most ``workers``): each actor loads
the model once and reviews whole chunks, as a local worker process does. Chunks that
need no model (every document has an against file, or no --model) run as plain Ray
tasks. Every chunk runs :func:`translate.corpus.run.run_chunk`, the local code path, and
writes into the same output folder (a shared filesystem on a multi-node cluster), so
the results equal the local run.
"""

from __future__ import annotations

import os
from typing import Callable

from ..errors import ConfigError
from . import run as corpus


def _ray():
    try:
        import ray
    except ImportError:
        raise ConfigError("--ray needs Ray", "pip install 'translate[ray]'") from None
    return ray


def make_runner(address: str, workers: int) -> Callable:
    ray = _ray()

    def runner(work, out_dir: str, settings, on_done) -> None:
        if not ray.is_initialized():
            try:
                ray.init(address=address, log_to_driver=False, configure_logging=False,
                         runtime_env={"env_vars": {k: v for k, v in os.environ.items()
                                                   if k.startswith(("TRANSLATE_", "HF_", "TRANSFORMERS_"))}})
            except Exception as exc:  # ray raises ConnectionError, RuntimeError, ...
                raise ConfigError(f"cannot connect to the Ray cluster at {address}: {exc}",
                                  "start one with `ray start --head`, or check --ray / RAY_ADDRESS") from None
        needs_model = [bool(settings.model) and any(d.against is None for d in docs) for docs, _ in work]
        refs = []
        if any(needs_model):
            gpus = int(ray.cluster_resources().get("GPU", 0))
            cpus = int(ray.cluster_resources().get("CPU", 1))
            n = max(1, min(workers, gpus if gpus else cpus))
            opts = {"num_gpus": 1} if gpus else {"num_cpus": 1}
            threads = None if gpus else 1

            @ray.remote(**opts)
            class Reviewer:
                def __init__(self) -> None:
                    corpus._init_worker(settings, threads, pool=False)

                def run(self, docs, keys):
                    return corpus.run_chunk(docs, keys, out_dir)

            actors = [Reviewer.remote() for _ in range(n)]
            k = 0
            for (docs, keys), m in zip(work, needs_model):
                if m:
                    refs.append(actors[k % n].run.remote(docs, keys))
                    k += 1

        @ray.remote(num_cpus=1)
        def model_free(docs, keys):
            return corpus.run_chunk(docs, keys, out_dir, settings)

        refs += [model_free.remote(docs, keys) for (docs, keys), m in zip(work, needs_model) if not m]
        pending = list(refs)
        while pending:
            ready, pending = ray.wait(pending, num_returns=1)
            for r in ready:
                on_done(ray.get(r))

    return runner
