#!/usr/bin/python3
"""Makes the sample datasets and TorchScript models in data-samples/.

Run with Debian's PyTorch and scikit-learn (no download happens: the datasets ship inside
scikit-learn):

    apt-get install python3-torch python3-sklearn
    /usr/bin/python3 scripts/make-sample-models.py                # everything
    /usr/bin/python3 scripts/make-sample-models.py --only digits  # only the digits sample
    /usr/bin/python3 scripts/make-sample-models.py --only split   # wide MLP + split test models
    /usr/bin/python3 scripts/make-sample-models.py --only layer   # layer attribution test models
    /usr/bin/python3 scripts/make-sample-models.py --only conv    # convolution and batch-statistics test models
    /usr/bin/python3 scripts/make-sample-models.py --only text    # Reuters text classifier
    /usr/bin/python3 scripts/make-sample-models.py --only credit  # German credit model
                                                   (text and credit: scripts/embedding_samples.py;
                                                   they run apt-get download weka)

Everything it writes is committed, so building, testing and running IG Audit never need Python.
The outputs are deterministic for a given torch/sklearn version (fixed seeds, one thread).

What it writes:
  breast_cancer.csv, breast_cancer_mlp.pt   30 named features, 2 logits; BatchNorm + Dropout;
                                            torch.jit.script
  wine.csv, wine_mlp.pt                     13 named features, 3 logits; torch.jit.trace
  diabetes.csv, diabetes_mlp.pt             10 features, regression with one output per row
                                            (shape (B,)); torch.jit.script
  wide_mlp.pt                               256 -> 512 -> 512 -> 10 ReLU MLP for benchmarks,
                                            split after its first layer (affine-head fast path)
  wide_mlp_plain.pt                         the same weights without the split (plain path)
  digits.json, digits_cnn.pt                8x8 grey images (one array column "pixels", 0..16),
                                            10 logits; a small CNN on (B, 1, 8, 8); torch.jit.script
  test-models/*.pt                          small analytic functions for the maths tests;
                                            split_*.pt for the affine-head fast path;
                                            layer_*.pt (int64 ids/codes, several inputs) for
                                            layer attribution (ig_layer / ig_from_layer);
                                            conv_signal.pt, conv_text.pt (1-D convolutions, plain
                                            and at the embeddings) and batch_statistics.pt (rows
                                            normalised by their batch's statistics)
  reference/*.csv                           IG computed here in float32 with Captum's formulas,
                                            for cross-implementation tests
"""
import argparse
import csv
import os
import sys
from typing import List, Tuple

import numpy as np
import torch
from torch import nn
from sklearn import datasets

import embedding_samples
from igsamples.common import REFERENCE, ROOT, TEST_MODELS, fit
from igsamples.reference import write_layer_reference, write_reference


# ---------------------------------------------------------------------------------------------
# Real models on real data
# ---------------------------------------------------------------------------------------------

class Standardize(nn.Module):
    """Fixed affine layer so that the models take the raw feature values of the CSV files."""

    def __init__(self, mean: np.ndarray, std: np.ndarray):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x - self.mean) / self.std


class BreastCancerNet(nn.Module):
    """30 -> 32 -> 16 -> 2 with BatchNorm and Dropout (eval semantics matter for IG)."""

    def __init__(self, mean, std):
        super().__init__()
        self.standardize = Standardize(mean, std)
        self.body = nn.Sequential(
            nn.Linear(30, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Dropout(0.2),
            nn.Linear(32, 16), nn.ReLU(), nn.Dropout(0.2),
            nn.Linear(16, 2))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(self.standardize(x))


class WineNet(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.standardize = Standardize(mean, std)
        self.body = nn.Sequential(nn.Linear(13, 16), nn.Tanh(), nn.Linear(16, 3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(self.standardize(x))


class DiabetesNet(nn.Module):
    """Regression with a single output per row: returns shape (B,)."""

    def __init__(self, mean, std):
        super().__init__()
        self.standardize = Standardize(mean, std)
        self.body = nn.Sequential(nn.Linear(10, 32), nn.Softplus(), nn.Linear(32, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(self.standardize(x)).squeeze(-1)


def train(model, x, y, loss_fn, epochs, lr):
    """Trains from seed 0 in batches of 64; returns the model's outputs on all rows."""
    torch.manual_seed(0)
    xt = torch.tensor(x, dtype=torch.float32)
    fit(model, (xt,), torch.tensor(y), loss_fn, epochs, lr, batch_size=64)
    with torch.no_grad():
        return model(xt)


def column_name(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("/", "_").replace("-", "_")


def write_csv(path, names, x, extra_name=None, extra=None):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        header = ["id"] + names + ([extra_name] if extra_name else [])
        w.writerow(header)
        for i, row in enumerate(x):
            values = [str(np.float32(v)) for v in row]
            tail = [repr(extra[i].item()) if hasattr(extra[i], "item") else str(extra[i])] if extra_name else []
            w.writerow([i] + values + tail)


def make_breast_cancer():
    data = datasets.load_breast_cancer()
    x = data.data.astype(np.float32)
    names = [column_name(n) for n in data.feature_names]
    torch.manual_seed(1)
    model = BreastCancerNet(x.mean(0), x.std(0))
    out = train(model, x, data.target.astype(np.int64), nn.CrossEntropyLoss(), 60, 1e-2)
    acc = (out.argmax(1).numpy() == data.target).mean()
    scripted = torch.jit.script(model)
    scripted.save(os.path.join(ROOT, "breast_cancer_mlp.pt"))
    write_csv(os.path.join(ROOT, "breast_cancer.csv"), names, x, "label", data.target)
    print(f"breast_cancer: {x.shape}, train accuracy {acc:.3f}")
    return scripted, x


def make_wine():
    data = datasets.load_wine()
    x = data.data.astype(np.float32)
    names = [column_name(n) for n in data.feature_names]
    torch.manual_seed(2)
    model = WineNet(x.mean(0), x.std(0))
    out = train(model, x, data.target.astype(np.int64), nn.CrossEntropyLoss(), 80, 1e-2)
    acc = (out.argmax(1).numpy() == data.target).mean()
    traced = torch.jit.trace(model, torch.tensor(x[:4]))
    traced.save(os.path.join(ROOT, "wine_mlp.pt"))
    write_csv(os.path.join(ROOT, "wine.csv"), names, x, "label", data.target)
    print(f"wine: {x.shape}, train accuracy {acc:.3f}")
    return traced, x


def make_diabetes():
    data = datasets.load_diabetes()
    x = data.data.astype(np.float32)
    names = [column_name(n) for n in data.feature_names]
    y = data.target.astype(np.float32)
    torch.manual_seed(3)
    model = DiabetesNet(x.mean(0), x.std(0))
    # Train on a standardised target, then fold the scale back into the last layer.
    y_mean, y_std = float(y.mean()), float(y.std())
    out = train(model, x, (y - y_mean) / y_std, nn.MSELoss(), 100, 1e-2)
    with torch.no_grad():
        model.body[2].weight.mul_(y_std)
        model.body[2].bias.mul_(y_std).add_(y_mean)
    r2 = 1 - ((out.numpy() * y_std + y_mean - y) ** 2).mean() / y.var()
    scripted = torch.jit.script(model)
    scripted.save(os.path.join(ROOT, "diabetes_mlp.pt"))
    write_csv(os.path.join(ROOT, "diabetes.csv"), names, x, "progression", y)
    print(f"diabetes: {x.shape}, train R^2 {r2:.3f}")
    return scripted, x


class AffineHeadSplit(nn.Module):
    """A model split at its first affine layer, the way IG Audit's affine-head fast path wants it
    (README, "Models with an affine first layer"): forward(x) = ig_tail(ig_affine_head(x)), where
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


def make_wide_mlp():
    torch.manual_seed(4)
    layers = nn.Sequential(nn.Linear(256, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                           nn.Linear(512, 10))
    # The same weights as a plain Sequential, split after the first Linear.
    model = AffineHeadSplit(layers[0], layers[1:]).eval()
    torch.jit.script(model).save(os.path.join(ROOT, "wide_mlp.pt"))
    print("wide_mlp: 256 -> 512 -> 512 -> 10, split after the first layer")
    # The same weights without the split: the plain path (every layer at every step), which the
    # job takes for models that export no split (scripts/bench.sh measures both).
    torch.jit.script(layers.eval()).save(os.path.join(ROOT, "wide_mlp_plain.pt"))
    print("wide_mlp_plain: the same MLP without the split")


class DigitsCnn(nn.Module):
    """(B, 1, 8, 8) pixels on the 0..16 scale -> 10 logits: two 3x3 convolutions, a 2x2 max pool."""

    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),
            nn.MaxPool2d(2), nn.Flatten(),
            nn.Linear(16 * 4 * 4, 10))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x / 16.0)


class FlatImages(nn.Module):
    """Gives an image model flat rows, as IG Audit does: (B, C*H*W) -> (B, C, H, W)."""

    def __init__(self, model, shape):
        super().__init__()
        self.model = model
        self.shape = shape

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.model(x.reshape((x.shape[0],) + self.shape))


def write_digits_json(path, pixels, labels):
    """One JSON object per line: id, label, and the 64 pixels in row-major order."""
    with open(path, "w") as f:
        for i, (row, label) in enumerate(zip(pixels, labels)):
            values = ",".join(repr(float(v)) for v in row)
            f.write(f'{{"id":{i},"label":{int(label)},"pixels":[{values}]}}\n')


def make_digits():
    data = datasets.load_digits()
    pixels = data.data.astype(np.float32)  # (1797, 64), row-major 8x8, 0..16
    images = pixels.reshape(-1, 1, 8, 8)
    labels = data.target.astype(np.int64)
    # A fixed held-out split: every fifth row.
    held_out = np.arange(len(labels)) % 5 == 0
    torch.manual_seed(5)
    model = DigitsCnn()
    train(model, images[~held_out], labels[~held_out], nn.CrossEntropyLoss(), 30, 3e-3)
    with torch.no_grad():
        predicted = model(torch.tensor(images)).argmax(1).numpy()
    accuracy = (predicted[held_out] == labels[held_out]).mean()
    scripted = torch.jit.script(model)
    scripted.save(os.path.join(ROOT, "digits_cnn.pt"))
    write_digits_json(os.path.join(ROOT, "digits.json"), pixels, labels)
    print(f"digits: {images.shape}, held-out accuracy {accuracy:.3f} ({held_out.sum()} rows)")
    return FlatImages(scripted, (1, 8, 8)), pixels, predicted


# ---------------------------------------------------------------------------------------------
# Analytic test models
# ---------------------------------------------------------------------------------------------

class Linear4(nn.Module):
    """f(x) = w . x + b with w = (1, -2, 3, 0.5), b = 0.25."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w = torch.tensor([1.0, -2.0, 3.0, 0.5], dtype=x.dtype)
        return (x * w).sum(dim=1, keepdim=True) + 0.25


class Saturation(nn.Module):
    """f(x) = 1 - ReLU(1 - x): the seeds' saturation example (gradient 0 for x > 1)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return 1.0 - torch.relu(1.0 - x)


class TwoRelu(nn.Module):
    """f(x1, x2) = ReLU(ReLU(x1) - 1 - ReLU(x2)) from the IG paper."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(torch.relu(x[:, 0:1]) - 1.0 - torch.relu(x[:, 1:2]))


class Smooth(nn.Module):
    """A smooth 3-input, 2-output function: out0 = tanh(x0 + 2 x1) + sin(x2) x0, out1 = x0 x1 x2."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a = torch.tanh(x[:, 0] + 2.0 * x[:, 1]) + torch.sin(x[:, 2]) * x[:, 0]
        b = x[:, 0] * x[:, 1] * x[:, 2]
        return torch.stack([a, b], dim=1)


class IgnoresFeature(nn.Module):
    """A nonlinear function of x0 and x2 that never reads x1 (sensitivity)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(x[:, 0] * x[:, 2] + x[:, 0] ** 2).unsqueeze(1)


class Symmetric(nn.Module):
    """sigmoid(x0 * x1 + x0 + x1 + 0.5 x2): symmetric in x0 and x1."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(x[:, 0] * x[:, 1] + x[:, 0] + x[:, 1] + 0.5 * x[:, 2]).unsqueeze(1)


def f1(x: torch.Tensor) -> torch.Tensor:
    return torch.tanh(x[:, 0] * x[:, 1]) + x[:, 2] ** 2


def f2(x: torch.Tensor) -> torch.Tensor:
    return torch.sigmoid(x[:, 0] - x[:, 2]) * x[:, 1]


class F1(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return f1(x).unsqueeze(1)


class F2(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return f2(x).unsqueeze(1)


class Combo(nn.Module):
    """2 f1 - 3 f2 (linearity)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (2.0 * f1(x) - 3.0 * f2(x)).unsqueeze(1)


class SmoothAlternative(nn.Module):
    """The same function as Smooth, written differently (implementation invariance):
    tanh(u) = 2 sigmoid(2u) - 1, and the product through exp(log|.|) is avoided on purpose."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        u = x[:, 0] + 2.0 * x[:, 1]
        a = 2.0 * torch.sigmoid(2.0 * u) - 1.0 + x[:, 0] * torch.sin(x[:, 2])
        b = (x[:, 2] * x[:, 1]) * x[:, 0]
        return torch.cat([a.unsqueeze(1), b.unsqueeze(1)], dim=1)


class NotAffineHead(AffineHeadSplit):
    """Declares a head that is not affine (tanh inside): IG Audit must refuse it."""

    @torch.jit.export
    def ig_affine_head(self, x: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.head(x))


class TailMismatch(AffineHeadSplit):
    """forward(x) is not ig_tail(ig_affine_head(x)): IG Audit must refuse it."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.ig_tail(self.ig_affine_head(x)) + 1.0


class HeadWithoutTail(nn.Module):
    """Exports ig_affine_head but no ig_tail: IG Audit must refuse to guess."""

    def __init__(self):
        super().__init__()
        self.head = nn.Linear(5, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.head(x))

    @torch.jit.export
    def ig_affine_head(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(x)


def make_split_test_models():
    """Small models split at an affine first layer, for the affine-head fast path's tests."""
    os.makedirs(TEST_MODELS, exist_ok=True)
    torch.manual_seed(11)
    mlp_head = nn.Sequential(Standardize(np.array([0.5, -1, 2, 0, 1]), np.array([2, 0.5, 1, 3, 1])),
                             nn.Linear(5, 8))
    mlp_tail = nn.Sequential(nn.Tanh(), nn.Linear(8, 8), nn.Softplus(), nn.Linear(8, 3))
    conv_head = nn.Conv2d(1, 2, 3)
    conv_tail = nn.Sequential(nn.Tanh(), nn.Flatten(), nn.Linear(2 * 2 * 2, 2))
    models = {
        # 5 features -> 3 outputs, smooth
        "split_mlp.pt": AffineHeadSplit(mlp_head, mlp_tail),
        # (B, 1, 4, 4) images -> 2 outputs; the head's output has several dimensions
        "split_conv.pt": AffineHeadSplit(conv_head, conv_tail),
        "split_not_affine.pt": NotAffineHead(mlp_head, mlp_tail),
        "split_tail_mismatch.pt": TailMismatch(mlp_head, mlp_tail),
        "split_head_without_tail.pt": HeadWithoutTail(),
    }
    for name, module in models.items():
        torch.jit.script(module.eval()).save(os.path.join(TEST_MODELS, name))
    print(f"split test models: {len(models)}")


def make_test_models():
    os.makedirs(TEST_MODELS, exist_ok=True)
    example = torch.randn(4, 4)
    scripted = {
        "linear4.pt": Linear4(),
        "saturation.pt": Saturation(),
        "two_relu.pt": TwoRelu(),
        "smooth.pt": Smooth(),
        "ignores_feature.pt": IgnoresFeature(),
        "symmetric.pt": Symmetric(),
        "f1.pt": F1(),
        "f2.pt": F2(),
        "combo.pt": Combo(),
    }
    for name, module in scripted.items():
        torch.jit.script(module).save(os.path.join(TEST_MODELS, name))
    # The same function as smooth.pt, written differently and traced instead of scripted.
    torch.jit.trace(SmoothAlternative(), example[:, :3]).save(
        os.path.join(TEST_MODELS, "smooth_traced.pt"))
    # Not a TorchScript file, for error tests.
    with open(os.path.join(TEST_MODELS, "not_torchscript.pt"), "w") as f:
        f.write("this is a text file, not a TorchScript archive\n")
    print(f"test models: {len(scripted) + 1}")


# ---------------------------------------------------------------------------------------------
# Layer test models: several inputs, integer inputs, attributed at an exported layer
# (README, "Models with integer inputs: layer attribution"):
#   forward(x1..xn) == ig_from_layer(ig_layer(x1..xn), x1..xn)
# ---------------------------------------------------------------------------------------------

LAYER_VOCAB = 16
LAYER_DIM = 4


def bag_embedding_table() -> torch.Tensor:
    """e(i)[d] = (((7 i + 3 d) mod 11) - 5) / 4: a fixed table the Java tests rebuild by hand."""
    table = torch.zeros(LAYER_VOCAB, LAYER_DIM)
    for i in range(LAYER_VOCAB):
        for d in range(LAYER_DIM):
            table[i, d] = (((7 * i + 3 * d) % 11) - 5) / 4.0
    return table


class BagOfEmbeddings(nn.Module):
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

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.ig_from_layer(self.ig_layer(ids, mask), ids, mask)

    @torch.jit.export
    def ig_layer(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.embedding(ids)  # (rows, tokens, dim)

    @torch.jit.export
    def ig_from_layer(self, e: torch.Tensor, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        m = mask.to(e.dtype).unsqueeze(2)  # (rows, tokens, 1)
        mean = (e * m).sum(dim=1) / m.sum(dim=1).clamp(min=1.0)
        return mean @ self.w + self.b


class SmoothText(nn.Module):
    """(ids, mask) -> a small attention-pooled text classifier, smooth in the embeddings: masked
    softmax of tanh(e . a) over the tokens, the pooled vector through tanh, 3 logits."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(LAYER_VOCAB, 6)
        self.score = nn.Linear(6, 1)
        self.hidden = nn.Linear(6, 5)
        self.out = nn.Linear(5, 3)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.ig_from_layer(self.ig_layer(ids, mask), ids, mask)

    @torch.jit.export
    def ig_layer(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.embedding(ids)

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
    os.makedirs(REFERENCE, exist_ok=True)
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


# ---------------------------------------------------------------------------------------------
# Convolution test models: a row's gradients must not depend on the other rows of its pass
# (on some processors libtorch's batched convolution gradients do), and a model whose rows do
# influence each other, for the job's self-check
# ---------------------------------------------------------------------------------------------

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


class ConvText(nn.Module):
    """Token ids and mask (B, 12) -> embeddings (B, 12, 6) -> a 1-D convolution over the tokens,
    max pooling -> 3 logits; attributed at the embeddings."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(CONV_TEXT_VOCAB, 6)
        self.conv = nn.Conv1d(6, 8, 3, padding=1)
        self.pool = nn.MaxPool1d(2)
        self.out = nn.Linear(8 * (CONV_TEXT_LENGTH // 2), 3)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.ig_from_layer(self.ig_layer(ids, mask), ids, mask)

    @torch.jit.export
    def ig_layer(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.embedding(ids)

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
    os.makedirs(REFERENCE, exist_ok=True)
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


def make_digits_sample():
    model, pixels, predicted = make_digits()
    # Reference IG for the first rows, each at its predicted class, black (zero) baseline.
    write_reference("digits", model, pixels[:16], predicted[:16], "gausslegendre", 50)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=["digits", "split", "layer", "conv", "text", "credit"],
                        help="make only this sample")
    args = parser.parse_args()
    os.makedirs(ROOT, exist_ok=True)
    if args.only in ("text", "credit"):
        # Embedding-layer samples from Debian's weka package (apt-get download): see that module.
        embedding_samples.make(args.only)
        return
    if args.only == "digits":
        make_digits_sample()
        print(f"torch {torch.__version__}; wrote {os.path.normpath(ROOT)}")
        return
    if args.only == "layer":
        make_layer_test_models()
        make_layer_references()
        print(f"torch {torch.__version__}; wrote {os.path.normpath(ROOT)}")
        return
    if args.only == "conv":
        make_conv_test_models()
        print(f"torch {torch.__version__}; wrote {os.path.normpath(ROOT)}")
        return
    if args.only == "split":
        make_wide_mlp()
        make_split_test_models()
        print(f"torch {torch.__version__}; wrote {os.path.normpath(ROOT)}")
        return
    bc_model, bc_x = make_breast_cancer()
    wine_model, wine_x = make_wine()
    diabetes_model, diabetes_x = make_diabetes()
    make_wide_mlp()
    make_test_models()
    make_split_test_models()
    make_layer_test_models()
    # Reference IG for the first rows, zero baseline, Captum's formulas in float32.
    for method, n in [("gausslegendre", 50), ("riemann_trapezoid", 20), ("riemann_right", 7)]:
        write_reference("breast_cancer", bc_model, bc_x[:16], 1, method, n)
    write_reference("wine", wine_model, wine_x[:16], 2, "gausslegendre", 50)
    write_reference("diabetes", diabetes_model, diabetes_x[:16], 0, "gausslegendre", 50)
    make_digits_sample()
    make_layer_references()
    make_conv_test_models()
    embedding_samples.make("all")
    print(f"torch {torch.__version__}; wrote {os.path.normpath(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
