"""The image-files sample: Fashion-MNIST from Debian's dataset-fashion-mnist package (apt-get
download; Zalando Research, MIT licence), a few hundred of its test images written as PNG files in
one folder per class, and a small CNN trained on its 60,000 training images.

Writes data-samples/images/fashion/<class>/<index>.png (30 test images per class, 8-bit grey) and
data-samples/images/fashion_cnn.pt, which takes (B, 1, 28, 28) normalised as the job's
conf/sample-images.conf does: pixel / 255, then (x - MEAN) / STD.

Also the preprocessing reference: data-samples/images/reference/flower.png, scikit-learn's bundled
flower.jpg (a Flickr photograph, CC BY 2.0, as data-samples/README.md credits it) made 120x90, and the [3, 56, 56] tensors that
torchvision's preprocessing (Resize(64), CenterCrop(56), ToTensor, Normalize with ImageNet's mean
and std) makes of it, through PIL and through torch's antialiased bilinear resize of a tensor.
"""
import glob
import gzip
import os
import shutil
import subprocess
import tempfile

import numpy as np
import torch
from PIL import Image

from .common import ROOT, fit
from .reference import ig, reference_path, write_csv, write_reference

IMAGES_DIR = os.path.join(ROOT, "images")
CLASSES = ["tshirt_top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle_boot"]
# The training images' mean and standard deviation of pixel / 255 (printed when the sample is made).
MEAN, STD = 0.2860, 0.3530
PER_CLASS = 30


def _read_idx(path: str) -> np.ndarray:
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def _fashion_files(workdir: str) -> str:
    subprocess.run(["apt-get", "download", "dataset-fashion-mnist"], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    deb = glob.glob(os.path.join(workdir, "dataset-fashion-mnist_*.deb"))[0]
    subprocess.run(["dpkg-deb", "-x", deb, os.path.join(workdir, "pkg")], check=True)
    print(f"Fashion-MNIST from {os.path.basename(deb)}")
    return os.path.join(workdir, "pkg", "usr", "share", "datasets", "fashion-mnist")


class FashionCnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2))
        self.head = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(32 * 7 * 7, 64), torch.nn.ReLU(),
                                        torch.nn.Linear(64, 10))

    def forward(self, x):
        return self.head(self.features(x))


IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


def make_preprocessing_reference():
    """torchvision's ImageNet preprocessing, written out step by step (torchvision is not in Debian's
    python3-torch): Resize(64) keeps the aspect with the long side int(64 * long / short),
    CenterCrop(56) cuts at round((size - 56) / 2), ToTensor divides by 255, Normalize per channel."""
    import sklearn.datasets

    out = os.path.join(IMAGES_DIR, "reference")
    os.makedirs(out, exist_ok=True)
    flower = Image.fromarray(sklearn.datasets.load_sample_image("flower.jpg")).resize((120, 90), Image.BILINEAR)
    flower.save(os.path.join(out, "flower.png"))
    width, height = flower.size
    short, long = min(width, height), max(width, height)
    size = (int(64 * long / short), 64) if width >= height else (64, int(64 * long / short))
    mean = torch.tensor(IMAGENET_MEAN).reshape(3, 1, 1)
    std = torch.tensor(IMAGENET_STD).reshape(3, 1, 1)

    def crop_and_normalise(chw):
        top, left = round((chw.shape[1] - 56) / 2), round((chw.shape[2] - 56) / 2)
        return ((chw[:, top:top + 56, left:left + 56] / 255) - mean) / std

    pixels = torch.from_numpy(np.asarray(flower, dtype=np.float32)).permute(2, 0, 1)
    through_pil = torch.from_numpy(np.asarray(flower.resize(size, Image.BILINEAR), dtype=np.float32)).permute(2, 0, 1)
    through_tensor = torch.nn.functional.interpolate(pixels.unsqueeze(0), size=(size[1], size[0]), mode="bilinear",
                                                     align_corners=False, antialias=True).squeeze(0)
    for name, resized in [("pil", through_pil), ("tensor", through_tensor)]:
        values = crop_and_normalise(resized).reshape(-1).numpy()
        np.savetxt(os.path.join(out, f"flower_{name}.csv"), values, fmt="%.7g", header="value", comments="")
    print(f"preprocessing reference: flower.png {width}x{height} -> {size[0]}x{size[1]} -> 56x56")


def make_fashion_sample():
    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as workdir:
        folder = _fashion_files(workdir)
        train_x = _read_idx(os.path.join(folder, "train-images-idx3-ubyte.gz"))
        train_y = _read_idx(os.path.join(folder, "train-labels-idx1-ubyte.gz"))
        test_x = _read_idx(os.path.join(folder, "t10k-images-idx3-ubyte.gz"))
        test_y = _read_idx(os.path.join(folder, "t10k-labels-idx1-ubyte.gz"))
    scaled = train_x.astype(np.float32) / 255
    print(f"training pixels / 255: mean {scaled.mean():.4f}, std {scaled.std():.4f} (normalised with {MEAN}, {STD})")

    def normalise(x):
        return (torch.from_numpy(x.astype(np.float32) / 255).unsqueeze(1) - MEAN) / STD

    model = FashionCnn()
    fit(model, (normalise(train_x),), torch.from_numpy(train_y.astype(np.int64)), torch.nn.CrossEntropyLoss(),
        epochs=3, lr=2e-3, batch_size=128)
    with torch.no_grad():
        predicted = torch.cat([model(normalise(test_x[i:i + 1000])).argmax(1) for i in range(0, len(test_x), 1000)])
    accuracy = (predicted.numpy() == test_y).mean()
    print(f"fashion_cnn: held-out accuracy {accuracy:.4f} on the 10,000 test images")

    out = os.path.join(IMAGES_DIR, "fashion")
    shutil.rmtree(out, ignore_errors=True)
    for label, name in enumerate(CLASSES):
        os.makedirs(os.path.join(out, name))
        for index in np.flatnonzero(test_y == label)[:PER_CLASS]:
            Image.fromarray(test_x[index], mode="L").save(os.path.join(out, name, f"{index:05d}.png"), optimize=True)
    torch.jit.script(model).save(os.path.join(IMAGES_DIR, "fashion_cnn.pt"))
    print(f"wrote {PER_CLASS * len(CLASSES)} PNG files under {out} and fashion_cnn.pt")

    # Reference IG for the first two files of each class, computed on the idx file's bytes as the
    # model was trained on them (zero baseline in the normalised space, each at its predicted class):
    # the job, reading the PNG files, must agree.
    chosen = [int(i) for label in range(len(CLASSES)) for i in np.flatnonzero(test_y == label)[:2]]
    flat = normalise(test_x[chosen]).reshape(len(chosen), -1).numpy()
    write_reference("fashion", _Flat(model), flat, predicted[chosen].numpy(), "gausslegendre", 50, ids=chosen)
    write_blur_ig_reference(model, normalise(test_x[chosen]), predicted[chosen].numpy(), chosen)
    write_xrai_reference(model, normalise(test_x[chosen]), predicted[chosen].numpy(), chosen)
    return model


def write_xrai_reference(model, images, targets, ids, steps=50):
    """XRAI's regions on the sample as PAIR's saliency library finds them with segments at the
    image's own size (its _get_segments_felzenszwalb(resize_image=False)): IG from each image's
    minimum and maximum (Gauss-Legendre, as the job integrates), averaged, then the full ranking
    (xrai_reference). One row per image: its test-set index, then the rank of each of its 784 pixels."""
    from . import xrai_reference
    flat = images.reshape(images.shape[0], -1)
    low = flat.min(1, keepdim=True).values.expand_as(flat)
    high = flat.max(1, keepdim=True).values.expand_as(flat)
    attributions = (ig(_Flat(model), flat, low, targets, "gausslegendre", steps)[0]
                    + ig(_Flat(model), flat, high, targets, "gausslegendre", steps)[0]) / 2
    rows = []
    for r in range(flat.shape[0]):
        image = images[r].permute(1, 2, 0).numpy().astype(np.float64)  # H x W x C, as PAIR takes it
        segs = xrai_reference.segments(image, resize=False)
        ranks, _ = xrai_reference.xrai_full(attributions[r].detach().numpy().astype(np.float64).reshape(28, 28),
                                            xrai_reference.masks(segs))
        rows.append([ids[r]] + ranks.reshape(-1).tolist())
    path = reference_path("fashion", "xrai_full", steps)
    with open(path, "w") as f:
        f.write(",".join(["row"] + [f"r{i}" for i in range(784)]) + "\n")
        for row in rows:
            f.write(",".join(str(int(v)) for v in row) + "\n")


def _pair_gaussian_blur(image, sigma):
    """PAIR's saliency library's blur of one (C, H, W) image: scipy's gaussian_filter over H and W,
    zeros beyond the edges (its gaussian_blur takes H x W x C with sigma [sigma, sigma, 0])."""
    from scipy import ndimage
    if sigma == 0:
        return image
    return ndimage.gaussian_filter(image, sigma=[0, sigma, sigma], mode="constant")


def write_blur_ig_reference(model, images, targets, ids, max_sigma=50, steps=100, grad_step=0.01):
    """Blur IG as PAIR's saliency library computes it (core/blur_ig.py, linear sigmas, one step per
    model call, so that every step is weighed by its own width), in float64 around the model's
    float32 gradients."""
    rows = images.shape[0]
    attributions = np.zeros((rows, images[0].numel()))
    sigmas = [k * max_sigma / steps for k in range(steps + 1)]
    for r in range(rows):
        x = images[r].numpy().astype(np.float64)
        total = np.zeros_like(x)
        for k in range(steps):
            at = _pair_gaussian_blur(x, sigmas[k])
            change = (_pair_gaussian_blur(x, sigmas[k] + grad_step) - at) / grad_step
            point = torch.tensor(at, dtype=torch.float32).unsqueeze(0).requires_grad_()
            gradient, = torch.autograd.grad(model(point)[0, int(targets[r])], point)
            total += (sigmas[k + 1] - sigmas[k]) * change * gradient[0].numpy()
        attributions[r] = (-total).reshape(-1)
    with torch.no_grad():
        fx = model(images)[np.arange(rows), targets].numpy()
        blurred = torch.tensor(np.stack([_pair_gaussian_blur(images[r].numpy().astype(np.float64), max_sigma)
                                         for r in range(rows)]), dtype=torch.float32)
        fb = model(blurred)[np.arange(rows), targets].numpy()
    delta = attributions.sum(1) - (fx - fb)
    write_csv(reference_path("fashion", "blur_ig", steps), (attributions, fx, fb, delta), targets, ids)


class _Flat(torch.nn.Module):
    """The CNN on flat rows of 784 pixels, as the reference's IG passes them."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x.reshape(-1, 1, 28, 28))
