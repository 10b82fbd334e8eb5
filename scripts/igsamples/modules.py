"""nn.Modules that both the demo models and the test fixtures are built from."""
import numpy as np
import torch
from torch import nn


class Standardize(nn.Module):
    """Fixed affine layer so that the models take the raw feature values of the CSV files."""

    def __init__(self, mean: np.ndarray, std: np.ndarray):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x - self.mean) / self.std


class AffineHeadSplit(nn.Module):
    """A model split at its first affine layer, the way IG Audit's affine-head fast path wants it
    (docs/models.md, "Models with an affine first layer"): forward(x) = ig_tail(ig_affine_head(x)), where
    ig_affine_head is affine in x (Linear, Conv, a fixed standardisation, or several of these)."""

    def __init__(self, head: nn.Module, tail: nn.Module):
        super().__init__()
        self.head = head
        self.tail = tail

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.ig_tail(self.ig_affine_head(x))

    @torch.jit.export
    def ig_affine_head(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(x)

    @torch.jit.export
    def ig_tail(self, h: torch.Tensor) -> torch.Tensor:
        return self.tail(h)


class TokenEmbeddingSplit(nn.Module):
    """A model of token ids and their mask attributed at its token embeddings, with the split IG
    Audit asks for: forward(ids, mask) == ig_from_layer(ig_layer(ids, mask), ids, mask).
    Subclasses hold self.embedding and define ig_from_layer(e, ids, mask)."""

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.ig_from_layer(self.ig_layer(ids, mask), ids, mask)

    @torch.jit.export
    def ig_layer(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.embedding(ids)  # (rows, tokens) -> (rows, tokens, dim)
