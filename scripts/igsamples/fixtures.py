"""Test models for the maths tests: small analytic functions, and models split at an affine first
layer for the affine-head fast path (some of them broken on purpose)."""
import os

import numpy as np
import torch
from torch import nn

from .common import TEST_MODELS
from .modules import AffineHeadSplit, Standardize


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
