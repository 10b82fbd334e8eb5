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
    /usr/bin/python3 scripts/make-sample-models.py --only images  # Fashion-MNIST PNG files and CNN
                                                   (scripts/igsamples/fashion.py; runs apt-get
                                                   download dataset-fashion-mnist; needs python3-pil)
    /usr/bin/python3 scripts/make-sample-models.py --only text    # Reuters text classifier
    /usr/bin/python3 scripts/make-sample-models.py --only credit  # German credit model
                                                   (text and credit: scripts/igsamples/text_credit.py;
                                                   they run apt-get download weka)

Everything it writes is committed, so building, testing and running IG Audit never need Python.
The outputs are deterministic for a given torch/sklearn version (fixed seeds, one thread).
What it writes, and which module of scripts/igsamples/ makes it: see that package's docstring.
"""
import argparse
import os
import sys

import torch

from igsamples import conv_fixtures, demo, fashion, fixtures, layer_fixtures, text_credit, xrai_reference
from igsamples.common import ROOT

# What each --only makes (text and credit aside), in order.
GROUPS = {
    "digits": [demo.make_digits_sample],
    "split": [demo.make_wide_mlp, fixtures.make_split_test_models],
    "layer": [layer_fixtures.make_layer_test_models, layer_fixtures.make_layer_references],
    "conv": [conv_fixtures.make_conv_test_models],
    "images": [fashion.make_fashion_sample, fashion.make_preprocessing_reference, xrai_reference.make_xrai_reference],
}


def make_everything():
    breast_cancer = demo.make_breast_cancer()
    wine = demo.make_wine()
    diabetes = demo.make_diabetes()
    demo.make_wide_mlp()
    fixtures.make_test_models()
    fixtures.make_split_test_models()
    layer_fixtures.make_layer_test_models()
    demo.make_references(breast_cancer, wine, diabetes)
    demo.make_digits_sample()
    layer_fixtures.make_layer_references()
    conv_fixtures.make_conv_test_models()
    fashion.make_fashion_sample()
    fashion.make_preprocessing_reference()
    xrai_reference.make_xrai_reference()
    text_credit.make("all")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=["digits", "split", "layer", "conv", "images", "text", "credit"],
                        help="make only this sample")
    args = parser.parse_args()
    os.makedirs(ROOT, exist_ok=True)
    if args.only in ("text", "credit"):
        # Embedding-layer samples from Debian's weka package (apt-get download): see that module.
        text_credit.make(args.only)
        return
    if args.only is None:
        make_everything()
    else:
        for make in GROUPS[args.only]:
            make()
    print(f"torch {torch.__version__}; wrote {os.path.normpath(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
