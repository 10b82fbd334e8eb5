"""Reference attributions, computed in float32 the way Captum's IntegratedGradients and
LayerIntegratedGradients do, and the CSV files the cross-implementation tests read.

One row of such a file: id, target, prediction (F(x)), baseline_prediction (F(x')), delta (sum of
attributions - (F(x) - F(x'))), the attributions a0 .. a{n-1}, and optionally the row's inputs."""
import csv
import os

import numpy as np
import torch

from .common import REFERENCE, as_tuple


def quadrature(method: str, n: int):
    """Captum's approximation_methods, re-stated: (alphas, step sizes). Gauss-Legendre is
    numpy.polynomial.legendre.leggauss mapped to [0, 1], its weights halved."""
    if method == "gausslegendre":
        nodes, weights = np.polynomial.legendre.leggauss(n)
        return list(0.5 * (1 + nodes)), list(0.5 * weights)
    deltas = [1 / n] * n
    if method == "riemann_trapezoid":
        deltas[0] /= 2
        deltas[-1] /= 2
        return list(np.linspace(0, 1, n)), deltas
    if method == "riemann_left":
        return list(np.linspace(0, 1 - 1 / n, n)), deltas
    if method == "riemann_middle":
        return list(np.linspace(1 / (2 * n), 1 - 1 / (2 * n), n)), deltas
    if method == "riemann_right":
        return list(np.linspace(1 / n, 1, n)), deltas
    raise ValueError(method)


def pick(out, target, repeats):
    """out[:, target] for one target index, or each row's own target for an array or tensor of
    them (rows repeated step-major, as in the expansion)."""
    if np.isscalar(target):
        return out[:, target]
    index = torch.as_tensor(target, dtype=torch.int64).repeat(repeats).unsqueeze(1)
    return out.gather(1, index).squeeze(1)


def ig(model, x, baseline, target, method, n):
    """IG as Captum computes it: step-major expansion, float32, one backward, weighted sum.
    Returns (attributions (rows, features), F(x), F(x'), delta)."""
    alphas, steps = quadrature(method, n)
    scaled = torch.cat([baseline + a * (x - baseline) for a in alphas]).requires_grad_()
    out = model(scaled)
    selected = out if out.dim() == 1 else pick(out, target, n)
    grads = torch.autograd.grad(selected.sum(), scaled)[0]
    # grads: (n*B, F) -> (n, B, F)
    grads = grads.reshape(n, x.shape[0], x.shape[1])
    step_t = torch.tensor(steps, dtype=grads.dtype).reshape(n, 1, 1)
    total = (grads * step_t).sum(0)
    attributions = total * (x - baseline)
    with torch.no_grad():
        fx = model(x)
        fb = model(baseline.expand_as(x))
        fx = fx if fx.dim() == 1 else pick(fx, target, 1)
        fb = fb if fb.dim() == 1 else pick(fb, target, 1)
    delta = attributions.sum(1) - (fx - fb)
    return attributions.detach(), fx, fb, delta.detach()


def layer_ig(model, inputs, baseline_inputs, target, method, n):
    """Layer IG as Captum's LayerIntegratedGradients computes it, through the exported split:
    the layer l = ig_layer(x) and l' = ig_layer(x'), step-major interpolation of the layer only,
    ig_from_layer with the row's own inputs (never interpolated), attributions
    (l - l') * weighted gradients summed over every dimension after the second, the parts of a
    tuple layer concatenated; delta against forward(x').
    Returns (attributions (rows, features), F(x), F(x'), delta)."""
    alphas, steps = quadrature(method, n)
    rows = inputs[0].shape[0]
    with torch.no_grad():
        layer = as_tuple(model.ig_layer(*inputs))
        layer_base = as_tuple(model.ig_layer(*baseline_inputs))
    points = [torch.cat([b + a * (l - b) for a in alphas]).requires_grad_() for l, b in zip(layer, layer_base)]
    repeated = [x.repeat(n, *([1] * (x.dim() - 1))) for x in inputs]
    out = model.ig_from_layer(*points, *repeated)
    grads = torch.autograd.grad(pick(out, target, n).sum(), points)
    attributions = []
    for g, l, b in zip(grads, layer, layer_base):
        # g: (n*B, features, ...) -> (n, B, features, ...)
        g = g.reshape(n, rows, *l.shape[1:])
        step_t = torch.tensor(steps, dtype=g.dtype).reshape(n, *([1] * (g.dim() - 1)))
        a = (g * step_t).sum(0) * (l - b)
        attributions.append(a.reshape(rows, l.shape[1], -1).sum(2))
    attributions = torch.cat(attributions, dim=1)
    with torch.no_grad():
        fx = pick(model(*inputs), target, 1)
        fb = pick(model(*baseline_inputs), target, 1)
    return attributions, fx, fb, attributions.sum(1) - (fx - fb)


def one_row_per_pass(ig_of_rows, rows, rows_per_pass):
    """ig_of_rows(row indices) for all rows at once, or for each row alone, concatenated."""
    if rows_per_pass is None:
        return ig_of_rows(list(range(rows)))
    parts = [ig_of_rows([r]) for r in range(rows)]
    return tuple(torch.cat([p[k] for p in parts]) for k in range(4))


def reference_path(name, method, n):
    """reference/{name}_{method}_{n}.csv, its folder made if need be."""
    os.makedirs(REFERENCE, exist_ok=True)
    return os.path.join(REFERENCE, f"{name}_{method}_{n}.csv")


def write_csv(path, result, targets, ids, id_column="row", input_columns=(), input_rows=None,
              unsigned_zeros=False):
    """result = (attributions, F(x), F(x'), delta); input_rows[i] is written after row i's
    attributions. unsigned_zeros writes -0.0 (a zero difference times a negative gradient) as 0.0."""
    attributions, fx, fb, delta = result
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([id_column, "target", "prediction", "baseline_prediction", "delta"]
                   + [f"a{i}" for i in range(attributions.shape[1])] + list(input_columns))
        for i, row_id in enumerate(ids):
            values = [float(v) + 0.0 if unsigned_zeros else float(v) for v in attributions[i]]
            w.writerow([row_id, int(targets[i]), repr(float(fx[i])), repr(float(fb[i])), repr(float(delta[i]))]
                       + [repr(v) for v in values]
                       + ([repr(float(v)) for v in input_rows[i]] if input_rows is not None else []))


def write_reference(name, model, x, target, method, n, rows_per_pass=None, with_inputs=False, ids=None):
    """Reference IG at a zero baseline; with_inputs writes each row's inputs after its attributions;
    ids name the rows (default 0, 1, ...)."""
    xt = torch.tensor(x, dtype=torch.float32)
    baseline = torch.zeros(1, xt.shape[1])
    result = one_row_per_pass(
        lambda rows: ig(model, xt[rows], baseline, target if np.isscalar(target) else target[rows], method, n),
        xt.shape[0], rows_per_pass)
    targets = [target] * xt.shape[0] if np.isscalar(target) else target
    inputs = [f"x{i}" for i in range(xt.shape[1])] if with_inputs else []
    write_csv(reference_path(name, method, n), result, targets, range(xt.shape[0]) if ids is None else ids,
              input_columns=inputs, input_rows=xt if with_inputs else None)


def write_layer_reference(name, model, inputs, baseline_inputs, method, n, rows_per_pass=None):
    """Reference layer IG, row r at output r mod outputs; the inputs are written beside it."""
    with torch.no_grad():
        outputs = model(*inputs).shape[1]
    target = np.arange(inputs[0].shape[0]) % outputs
    result = one_row_per_pass(
        lambda rows: layer_ig(model, [x[rows] for x in inputs], [b[rows] for b in baseline_inputs],
                              target[rows], method, n), inputs[0].shape[0], rows_per_pass)
    flat = [x.reshape(x.shape[0], -1) for x in inputs]
    write_csv(reference_path(name, method, n), result, target, range(len(target)),
              input_columns=[f"x{k}_{i}" for k, x in enumerate(flat) for i in range(x.shape[1])],
              input_rows=[[v for x in flat for v in x[r]] for r in range(len(target))])
