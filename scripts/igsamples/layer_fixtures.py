"""Layer test models: several inputs, integer inputs, attributed at an exported layer
(docs/models.md, "Models with several inputs and integer inputs"):

    forward(x1..xn) == ig_from_layer(ig_layer(x1..xn), x1..xn)

and their reference layer IG."""
import os
from typing import List, Tuple

import numpy as np
import torch
from torch import nn

from .common import TEST_MODELS
from .modules import TokenEmbeddingSplit
from .reference import write_layer_reference


LAYER_VOCAB = 16
LAYER_DIM = 4


def bag_embedding_table() -> torch.Tensor:
    """e(i)[d] = (((7 i + 3 d) mod 11) - 5) / 4: a fixed table the Java tests rebuild by hand."""
    table = torch.zeros(LAYER_VOCAB, LAYER_DIM)
    for i in range(LAYER_VOCAB):
        for d in range(LAYER_DIM):
            table[i, d] = (((7 * i + 3 * d) % 11) - 5) / 4.0
    return table


class BagOfEmbeddings(TokenEmbeddingSplit):
    """(ids, mask) -> mean of e(id) over unmasked tokens . W + b, W = [[1, -1], [-2, 0.25],
    [0.5, 2], [3, -0.5]], b = (0.1, -0.2). Linear in the embeddings, so layer IG is exact: token t
    gets mask_t W_c . (e(id_t) - e(ref_t)) / (number of unmasked tokens)."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(LAYER_VOCAB, LAYER_DIM)
        with torch.no_grad():
            self.embedding.weight.copy_(bag_embedding_table())
        self.register_buffer("w", torch.tensor([[1.0, -1.0], [-2.0, 0.25], [0.5, 2.0], [3.0, -0.5]]))
        self.register_buffer("b", torch.tensor([0.1, -0.2]))

    @torch.jit.export
    def ig_from_layer(self, e: torch.Tensor, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        m = mask.to(e.dtype).unsqueeze(2)  # (rows, tokens, 1)
        mean = (e * m).sum(dim=1) / m.sum(dim=1).clamp(min=1.0)
        return mean @ self.w + self.b


class SmoothText(TokenEmbeddingSplit):
    """(ids, mask) -> a small attention-pooled text classifier, smooth in the embeddings: masked
    softmax of tanh(e . a) over the tokens, the pooled vector through tanh, 3 logits."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(LAYER_VOCAB, 6)
        self.score = nn.Linear(6, 1)
        self.hidden = nn.Linear(6, 5)
        self.out = nn.Linear(5, 3)

    @torch.jit.export
    def ig_from_layer(self, e: torch.Tensor, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        scores = torch.tanh(self.score(e)).squeeze(2)  # (rows, tokens)
        scores = scores.masked_fill(mask == 0, -1e9)
        weights = torch.softmax(scores, dim=1).unsqueeze(2)
        pooled = (weights * e * mask.to(e.dtype).unsqueeze(2)).sum(dim=1)
        return self.out(torch.tanh(self.hidden(pooled)))


class MixedTabular(nn.Module):
    """(codes int64 (rows, 3), numbers float32 (rows, 2)) -> 3 logits. ig_layer returns a tuple:
    the category embeddings (rows, 3, 2) and the numeric columns (rows, 2)."""

    def __init__(self):
        super().__init__()
        self.embeddings = nn.ModuleList([nn.Embedding(4, 2), nn.Embedding(5, 2), nn.Embedding(3, 2)])
        self.hidden = nn.Linear(3 * 2 + 2, 6)
        self.out = nn.Linear(6, 3)

    def forward(self, codes: torch.Tensor, numbers: torch.Tensor) -> torch.Tensor:
        layer = self.ig_layer(codes, numbers)
        return self.ig_from_layer(layer[0], layer[1], codes, numbers)

    @torch.jit.export
    def ig_layer(self, codes: torch.Tensor, numbers: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        columns: List[torch.Tensor] = []
        for c, embedding in enumerate(self.embeddings):
            columns.append(embedding(codes[:, c]))
        return torch.stack(columns, dim=1), numbers

    @torch.jit.export
    def ig_from_layer(self, categories: torch.Tensor, numeric: torch.Tensor, codes: torch.Tensor,
                      numbers: torch.Tensor) -> torch.Tensor:
        h = torch.cat([categories.flatten(1), numeric], dim=1)
        return self.out(torch.tanh(self.hidden(h)))


class LayerMismatch(BagOfEmbeddings):
    """ig_from_layer disagrees with forward (forward adds 1): IG Audit must refuse it."""

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.ig_from_layer(self.ig_layer(ids, mask), ids, mask) + 1.0


class LayerWithoutRest(nn.Module):
    """Exports ig_layer but no ig_from_layer: IG Audit must refuse to guess."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(LAYER_VOCAB, LAYER_DIM)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.embedding(ids).sum(dim=1)

    @torch.jit.export
    def ig_layer(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.embedding(ids)


class LayerRaggedTuple(BagOfEmbeddings):
    """ig_layer returns a tuple whose second part has one row only: IG Audit must refuse it."""

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.ig_from_layer(self.embedding(ids), ids, mask)

    @torch.jit.export
    def ig_layer(self, ids: torch.Tensor, mask: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        e = self.embedding(ids)
        return e, e[:1]

    @torch.jit.export
    def ig_from_layer(self, e: torch.Tensor, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        m = mask.to(e.dtype).unsqueeze(2)
        mean = (e * m).sum(dim=1) / m.sum(dim=1).clamp(min=1.0)
        return mean @ self.w + self.b


def make_layer_test_models():
    """Small models with several and integer inputs for the layer attribution tests."""
    os.makedirs(TEST_MODELS, exist_ok=True)
    torch.manual_seed(14)
    models = {
        "layer_bag.pt": BagOfEmbeddings(),
        "layer_smooth_text.pt": SmoothText(),
        "layer_mixed.pt": MixedTabular(),
        "layer_mismatch.pt": LayerMismatch(),
        "layer_without_rest.pt": LayerWithoutRest(),
        "layer_ragged_tuple.pt": LayerRaggedTuple(),
    }
    ids = torch.tensor([[1, 5, 9, 0], [2, 3, 0, 0]])
    mask = (ids != 0).long()
    for name, module in models.items():
        scripted = torch.jit.script(module.eval())
        if name in ("layer_bag.pt", "layer_smooth_text.pt"):
            split = scripted.ig_from_layer(scripted.ig_layer(ids, mask), ids, mask)
            assert torch.allclose(scripted(ids, mask), split), name
        scripted.save(os.path.join(TEST_MODELS, name))
    print(f"layer test models: {len(models)}")


def make_layer_references():
    """Layer IG references for the smooth text model (ids replaced by 3, keeping PAD 0, CLS 1,
    SEP 2) and the mixed model (reference category 0 per column, numbers 0)."""
    generator = np.random.default_rng(14)
    ids = np.zeros((6, 8), dtype=np.int64)
    for r in range(6):
        words = generator.integers(3, LAYER_VOCAB, size=generator.integers(2, 7))
        ids[r, :len(words) + 2] = [1, *words, 2]
    ids = torch.tensor(ids)
    mask = (ids != 0).long()
    base_ids = torch.where(ids <= 2, ids, torch.full_like(ids, 3))
    text = torch.jit.load(os.path.join(TEST_MODELS, "layer_smooth_text.pt"))
    write_layer_reference("layer_smooth_text", text, [ids, mask], [base_ids, mask], "gausslegendre", 50)
    codes = torch.tensor(np.stack([generator.integers(0, k, size=6) for k in (4, 5, 3)], axis=1))
    numbers = torch.tensor(generator.normal(size=(6, 2)), dtype=torch.float32)
    mixed = torch.jit.load(os.path.join(TEST_MODELS, "layer_mixed.pt"))
    write_layer_reference("layer_mixed", mixed, [codes, numbers],
                          [torch.zeros_like(codes), torch.zeros_like(numbers)], "gausslegendre", 50)
