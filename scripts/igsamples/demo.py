"""Real models on real data: breast cancer, wine, diabetes and digits (datasets bundled with
scikit-learn), and the wide MLP for benchmarks."""
import csv
import os

import numpy as np
import torch
from sklearn import datasets
from torch import nn

from .common import ROOT, fit
from .modules import AffineHeadSplit, Standardize
from .reference import write_reference


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


def make_digits_sample():
    model, pixels, predicted = make_digits()
    # Reference IG for the first rows, each at its predicted class, black (zero) baseline.
    write_reference("digits", model, pixels[:16], predicted[:16], "gausslegendre", 50)


def make_references(breast_cancer, wine, diabetes):
    """Reference IG for the first rows, zero baseline, Captum's formulas in float32; each argument
    is (model, x) as make_* returns it."""
    bc_model, bc_x = breast_cancer
    for method, n in [("gausslegendre", 50), ("riemann_trapezoid", 20), ("riemann_right", 7)]:
        write_reference("breast_cancer", bc_model, bc_x[:16], 1, method, n)
    write_reference("wine", wine[0], wine[1][:16], 2, "gausslegendre", 50)
    write_reference("diabetes", diabetes[0], diabetes[1][:16], 0, "gausslegendre", 50)
