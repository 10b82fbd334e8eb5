"""Where the samples go, and the training loop and predictions the sample models share.

Importing it sets torch to one thread, so that the outputs are deterministic for a given torch
version (with the fixed seeds of each sample)."""
import os
from typing import Tuple

import numpy as np
import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data-samples")
TEST_MODELS = os.path.join(ROOT, "test-models")
REFERENCE = os.path.join(ROOT, "reference")
TEXT_DIR = os.path.join(ROOT, "text")
CREDIT_DIR = os.path.join(ROOT, "credit")

torch.set_num_threads(1)


def fit(model, inputs: Tuple[torch.Tensor, ...], labels: torch.Tensor, loss_fn, epochs: int, lr: float,
        batch_size: int, weight_decay: float = 0.0, corrupt=None):
    """Adam over shuffled batches, then eval mode; corrupt(batch) may alter a batch (training only).
    A last batch of one row is skipped: BatchNorm cannot train on one row."""
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    model.train()
    for _ in range(epochs):
        perm = torch.randperm(len(labels))
        for start in range(0, len(labels), batch_size):
            idx = perm[start:start + batch_size]
            if len(idx) < 2:
                continue
            batch = tuple(x[idx] for x in inputs)
            if corrupt is not None:
                batch = corrupt(batch)
            opt.zero_grad()
            loss_fn(model(*batch), labels[idx]).backward()
            opt.step()
    model.eval()


def predict(model, inputs: Tuple[torch.Tensor, ...]) -> np.ndarray:
    """The predicted class of each row."""
    with torch.no_grad():
        return model(*inputs).argmax(1).numpy()


def as_tuple(layer):
    return layer if isinstance(layer, tuple) else (layer,)
