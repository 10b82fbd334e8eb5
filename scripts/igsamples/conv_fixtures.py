"""Convolution test models: a row's gradients must not depend on the other rows of its pass
(on some processors libtorch's batched convolution gradients do), and a model whose rows do
influence each other, for the job's self-check."""
import os
from typing import Tuple

import numpy as np
import torch
from torch import nn

from .common import TEST_MODELS
from .modules import TokenEmbeddingSplit
from .reference import write_layer_reference, write_reference


class ConvSignal(nn.Module):
    """(B, 24) -> (B, 1, 24): two 1-D convolutions with average and max pooling -> 2 logits."""

    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv1d(1, 4, 5, padding=2), nn.ReLU(), nn.AvgPool1d(2),
            nn.Conv1d(4, 6, 3, padding=1), nn.ReLU(), nn.MaxPool1d(2), nn.Flatten(),
            nn.Linear(6 * 6, 2))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x.unsqueeze(1))


CONV_TEXT_VOCAB = 24
CONV_TEXT_LENGTH = 12


class ConvText(TokenEmbeddingSplit):
    """Token ids and mask (B, 12) -> embeddings (B, 12, 6) -> a 1-D convolution over the tokens,
    max pooling -> 3 logits; attributed at the embeddings."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(CONV_TEXT_VOCAB, 6)
        self.conv = nn.Conv1d(6, 8, 3, padding=1)
        self.pool = nn.MaxPool1d(2)
        self.out = nn.Linear(8 * (CONV_TEXT_LENGTH // 2), 3)

    @torch.jit.export
    def ig_from_layer(self, e: torch.Tensor, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        # e: (B, L, D) -> (B, D, L) for the convolution over tokens
        h = (e * mask.unsqueeze(2).to(e.dtype)).transpose(1, 2)
        return self.out(self.pool(torch.relu(self.conv(h))).flatten(1))


class BatchStatistics(nn.Module):
    """4 -> 8 -> BatchNorm -> tanh -> 1: traced in training mode, so that the saved graph keeps
    normalising with the statistics of its batch (model.eval() cannot undo a traced constant)."""

    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(4, 8)
        self.norm = nn.BatchNorm1d(8)
        self.out = nn.Linear(8, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(torch.tanh(self.norm(self.hidden(x))))


def conv_text_rows(rows: int, generator) -> Tuple[torch.Tensor, torch.Tensor]:
    ids = np.zeros((rows, CONV_TEXT_LENGTH), dtype=np.int64)
    for r in range(rows):
        words = generator.integers(3, CONV_TEXT_VOCAB, size=generator.integers(3, CONV_TEXT_LENGTH - 1))
        ids[r, :len(words) + 2] = [1, *words, 2]
    ids = torch.tensor(ids)
    return ids, (ids != 0).long()


def make_conv_test_models():
    """conv_signal.pt, conv_text.pt, batch_statistics.pt and references for the two conv models,
    IG computed one row per pass (no batched convolution kernel involved)."""
    os.makedirs(TEST_MODELS, exist_ok=True)
    torch.manual_seed(21)
    signal = torch.jit.script(ConvSignal().eval())
    signal.save(os.path.join(TEST_MODELS, "conv_signal.pt"))
    text = torch.jit.script(ConvText().eval())
    text.save(os.path.join(TEST_MODELS, "conv_text.pt"))
    statistics = BatchStatistics().train()
    torch.jit.trace(statistics, torch.randn(8, 4), check_trace=False).save(
        os.path.join(TEST_MODELS, "batch_statistics.pt"))
    generator = np.random.default_rng(21)
    x = generator.normal(size=(8, 24)).astype(np.float32)
    write_reference("conv_signal", signal, x, 1, "gausslegendre", 50, rows_per_pass=1, with_inputs=True)
    ids, mask = conv_text_rows(6, generator)
    base_ids = torch.where(ids <= 2, ids, torch.full_like(ids, 3))
    write_layer_reference("conv_text", text, [ids, mask], [base_ids, mask], "gausslegendre", 50, rows_per_pass=1)
    print("conv test models: 3")
