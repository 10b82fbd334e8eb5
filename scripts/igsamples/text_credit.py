"""Samples for layer Integrated Gradients (issue 14): a text classifier and a credit model.

Both models take integer inputs (token ids, categorical codes) through embeddings, so IG is taken
at the embedding layer. Each exports the split IG Audit asks for:

    forward(x1, ..., xn) == ig_from_layer(*ig_layer(x1, ..., xn), x1, ..., xn)

Made by scripts/make-sample-models.py (``--only text`` or ``--only credit``) with Debian's
PyTorch. The data come from Debian's ``weka`` package (its example ARFF files), fetched here with
``apt-get download weka`` into a temporary folder; nothing is downloaded when IG Audit runs.
Outputs are deterministic for a given torch version (fixed seeds, one thread); only the class
names TorchScript mangles inside the .pt files depend on what the same process scripted before.

What it writes (under data-samples/):

  text/vocab.txt            one token per line, line number = id (as BERT's vocab.txt):
                            [PAD]=0, [UNK]=1, [CLS]=2, [SEP]=3, then words by training frequency
  text/tokenizer.json       the same tokenization for Hugging Face tokenizers: Lowercase
                            normalizer, Whitespace pre-tokenizer (regex \\w+|[^\\w\\s]+), WordLevel
                            model with [UNK], TemplateProcessing "[CLS] $A [SEP]"; no padding or
                            truncation (the job sets them)
  text/reuters_grain.json   JSON lines, the 604 held-out Reuters articles: id, label (1 = grain),
                            text, input_ids and attention_mask (int arrays of length L = 128:
                            [CLS], the first 126 tokens, [SEP], then [PAD] with mask 0)
  text/reuters_grain.pt     forward(ids int64 (rows, L), mask int64 or float (rows, L)) -> 2 logits;
                            ig_layer(ids, mask) -> token embeddings (rows, L, dim);
                            ig_from_layer(emb, ids, mask): masked mean pooling, Tanh MLP
  credit/credit.csv         German credit, 1000 rows: id, split (train/test), label (0 good,
                            1 bad), one integer code column per categorical feature, the numeric
                            columns (raw units, written as floats)
  credit/categories.json    per categorical column the category of each code (list index =
                            code; code 0 is "(missing)", the reference category: a zero embedding,
                            seen in training through code dropout, see drop_codes), the numeric
                            columns, their training means (the numeric baseline), the label names
  credit/credit_model.pt    forward(cat int64 (rows, 13), num float (rows, 7)) -> 2 logits;
                            ig_layer(cat, num) -> (category embeddings (rows, 13, dim),
                            standardised numeric columns (rows, 7));
                            ig_from_layer(cat_emb, num_std, cat, num): Tanh MLP
  reference/text_layer_gausslegendre_50.csv
  reference/credit_layer_gausslegendre_50.csv

Reference files: layer IG for 64 rows of the data file (credit: ids 0-63; text: ids 0-47 and the
next 16 rows the model predicts "grain", as few of the first rows are grain), computed here in
float32 with Captum's LayerIntegratedGradients formulas: Gauss-Legendre with 50 nodes
(numpy.polynomial.legendre.leggauss mapped to [0, 1], weights halved); the layer l = ig_layer(x)
and l' = ig_layer(x'); points l' + alpha_k (l - l'), with the row's own inputs x (never
interpolated) given to ig_from_layer; attribution (l - l') * sum_k w_k dF/dl(point_k), summed over
every dimension after the second; F is the logit of the target, the predicted class of x.
Columns: id, target, prediction (F(x)), baseline_prediction (F(x')), delta (sum of attributions
- (F(x) - F(x'))), then a0 .. a{n-1}, one column per attributed feature:
  text:   one per token position 0 .. 127; positions with mask 0 are exactly 0.
          Baseline x': every id replaced by [PAD] (0) except [CLS], [SEP] and [PAD], which keep
          theirs; the mask is the row's own. So [CLS], [SEP] and padding get exactly 0.
  credit: the 13 categorical columns, then the 7 numeric columns, in the order of
          categories.json. Baseline x': code 0 in every categorical column; each numeric column
          at its training mean (categories.json "numeric_baseline"), i.e. 0 after the model's
          standardisation.
"""
import csv
import json
import os
import re
import tempfile
from collections import Counter
from typing import List, Tuple

import numpy as np
import torch
from torch import nn

from .common import CREDIT_DIR, TEXT_DIR, as_tuple, fit, predict
from .modules import TokenEmbeddingSplit
from .reference import layer_ig, reference_path, write_csv
from .weka import read_arff, weka_examples

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
PAD, UNK, CLS, SEP = range(4)
TEXT_LENGTH = 128
VOCAB_WORDS = 3000
MISSING = "(missing)"
REFERENCE_ROWS = 64
STEPS = 50


def write_reference(name: str, ids: List[int], result, target):
    """reference/{name}_layer_gausslegendre_50.csv: one row per id, -0.0 written as 0.0."""
    write_csv(reference_path(f"{name}_layer", "gausslegendre", STEPS), result, target, ids, id_column="id",
              unsigned_zeros=True)
    print(f"{name} reference: {len(ids)} rows, max |delta| {float(result[3].abs().max()):.2e}")


def check_split(model, inputs: Tuple[torch.Tensor, ...]):
    """forward(x) == ig_from_layer(ig_layer(x), x) on the scripted model."""
    with torch.no_grad():
        direct = model(*inputs)
        split = model.ig_from_layer(*as_tuple(model.ig_layer(*inputs)), *inputs)
    assert torch.equal(direct, split), "forward differs from ig_from_layer(ig_layer(x), x)"


# ---------------------------------------------------------------------------------------------
# Text: Reuters-21578 "grain" articles (Weka's ReutersGrain-train/test.arff)
# ---------------------------------------------------------------------------------------------

# Hugging Face's Whitespace pre-tokenizer splits on this regex (after the Lowercase normalizer).
WORD = re.compile(r"\w+|[^\w\s]+")


def words(text: str) -> List[str]:
    return WORD.findall(text.lower())


def build_vocab(texts: List[str]) -> List[str]:
    """Special tokens, then the VOCAB_WORDS most frequent training words seen at least twice
    (ties broken alphabetically, so the order is deterministic)."""
    counts = Counter(w for t in texts for w in words(t))
    ranked = sorted((w for w, c in counts.items() if c >= 2), key=lambda w: (-counts[w], w))
    return SPECIAL_TOKENS + ranked[:VOCAB_WORDS]


def encode(text: str, index: dict, length: int) -> Tuple[List[int], List[int]]:
    """[CLS] first length-2 words [SEP], padded with [PAD]: what the tokenizer gives with
    truncation and padding to `length`."""
    ids = [CLS] + [index.get(w, UNK) for w in words(text)][:length - 2] + [SEP]
    mask = [1] * len(ids) + [0] * (length - len(ids))
    return ids + [PAD] * (length - len(ids)), mask


def tokenizer_json(vocab: List[str]) -> dict:
    """A Hugging Face tokenizer.json equivalent to words() + the vocabulary + [CLS] ... [SEP]."""
    special = [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                "normalized": False, "special": True} for i, t in enumerate(SPECIAL_TOKENS)]

    def piece(kind, name, type_id):
        return {kind: {"id": name, "type_id": type_id}}

    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": special,
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [piece("SpecialToken", "[CLS]", 0), piece("Sequence", "A", 0),
                       piece("SpecialToken", "[SEP]", 0)],
            "pair": [piece("SpecialToken", "[CLS]", 0), piece("Sequence", "A", 0),
                     piece("SpecialToken", "[SEP]", 0), piece("Sequence", "B", 1),
                     piece("SpecialToken", "[SEP]", 1)],
            "special_tokens": {t: {"id": t, "ids": [SPECIAL_TOKENS.index(t)], "tokens": [t]}
                               for t in ("[CLS]", "[SEP]")},
        },
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": {t: i for i, t in enumerate(vocab)},
                  "unk_token": "[UNK]"},
    }


class TextClassifier(TokenEmbeddingSplit):
    """Token embeddings, mean over the unmasked positions, a Tanh MLP: 2 logits."""

    def __init__(self, vocab_size: int, dim: int = 16, hidden: int = 16, classes: int = 2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, dim, padding_idx=PAD)
        self.head = nn.Sequential(nn.Linear(dim, hidden), nn.Tanh(), nn.Linear(hidden, classes))

    @torch.jit.export
    def ig_from_layer(self, emb: torch.Tensor, ids: torch.Tensor,
                      mask: torch.Tensor) -> torch.Tensor:
        m = mask.to(emb.dtype).unsqueeze(2)  # (rows, L, 1)
        pooled = (emb * m).sum(1) / m.sum(1).clamp(min=1.0)  # (rows, dim)
        return self.head(pooled)


def write_text_rows(path: str, texts, labels, encoded):
    with open(path, "w") as f:
        for i, (text, label, (ids, mask)) in enumerate(zip(texts, labels, encoded)):
            f.write(json.dumps({"id": i, "label": int(label), "text": text,
                                "input_ids": ids, "attention_mask": mask},
                               separators=(",", ":")) + "\n")


def text_baseline(ids: torch.Tensor) -> torch.Tensor:
    """[PAD] everywhere except the kept special tokens [CLS], [SEP], [PAD]."""
    keep = (ids == CLS) | (ids == SEP) | (ids == PAD)
    return torch.where(keep, ids, torch.full_like(ids, PAD))


def make_text(examples: str):
    _, train_rows = read_arff(os.path.join(examples, "ReutersGrain-train.arff"))
    _, test_rows = read_arff(os.path.join(examples, "ReutersGrain-test.arff"))
    train_texts, train_labels = [r[0] for r in train_rows], [int(r[1]) for r in train_rows]
    test_texts, test_labels = [r[0] for r in test_rows], [int(r[1]) for r in test_rows]
    vocab = build_vocab(train_texts)
    index = {t: i for i, t in enumerate(vocab)}

    def tensors(texts):
        pairs = [encode(t, index, TEXT_LENGTH) for t in texts]
        return pairs, (torch.tensor([p[0] for p in pairs]), torch.tensor([p[1] for p in pairs]))

    _, train_x = tensors(train_texts)
    test_pairs, test_x = tensors(test_texts)
    torch.manual_seed(21)
    model = TextClassifier(len(vocab))
    fit(model, train_x, torch.tensor(train_labels), nn.CrossEntropyLoss(), epochs=40, lr=3e-3,
        batch_size=32, weight_decay=1e-5)
    scripted = torch.jit.script(model)
    check_split(scripted, test_x)

    predicted = predict(scripted, test_x)
    labels = np.array(test_labels)
    accuracy = (predicted == labels).mean()
    majority = (labels == 0).mean()
    recall = (predicted[labels == 1] == 1).mean()
    precision = (labels[predicted == 1] == 1).mean()
    print(f"text: vocab {len(vocab)}, L {TEXT_LENGTH}, train {len(train_labels)} "
          f"({sum(train_labels)} grain); held-out {len(labels)} ({labels.sum()} grain): accuracy "
          f"{accuracy:.3f} (all 'not grain': {majority:.3f}), grain recall {recall:.3f}, "
          f"precision {precision:.3f}; train accuracy "
          f"{(predict(scripted, train_x) == np.array(train_labels)).mean():.3f}")

    os.makedirs(TEXT_DIR, exist_ok=True)
    with open(os.path.join(TEXT_DIR, "vocab.txt"), "w") as f:
        f.write("".join(t + "\n" for t in vocab))
    with open(os.path.join(TEXT_DIR, "tokenizer.json"), "w") as f:
        json.dump(tokenizer_json(vocab), f, ensure_ascii=True, separators=(",", ":"))
    scripted.save(os.path.join(TEXT_DIR, "reuters_grain.pt"))
    write_text_rows(os.path.join(TEXT_DIR, "reuters_grain.json"), test_texts, test_labels,
                    test_pairs)

    # Few of the first rows are grain: take the first 48 rows and the next 16 predicted grain.
    first = REFERENCE_ROWS * 3 // 4
    grain = [i for i in range(first, len(predicted)) if predicted[i] == 1]
    rows = torch.tensor(list(range(first)) + grain[:REFERENCE_ROWS - first])
    ids, mask = (x[rows] for x in test_x)
    target = torch.tensor(predicted[rows.numpy()])
    result = layer_ig(scripted, (ids, mask), (text_baseline(ids), mask), target, "gausslegendre", STEPS)
    assert bool((result[0][mask == 0] == 0).all()), "padded positions must get exactly 0"
    write_reference("text", rows.tolist(), result, target)
    top_tokens(vocab, ids[-1], result[0][-1])


def top_tokens(vocab: List[str], ids: torch.Tensor, attributions: torch.Tensor):
    order = attributions.abs().argsort(descending=True)[:8]
    print("  largest attributions of the last reference row: " + ", ".join(
        f"{vocab[int(ids[i])]} {float(attributions[i]):+.3f}" for i in order))


# ---------------------------------------------------------------------------------------------
# Credit: German credit (Weka's credit-g.arff), categorical embeddings + numeric columns
# ---------------------------------------------------------------------------------------------

class CreditClassifier(nn.Module):
    """One embedding per categorical column (code 0 = "(missing)", a zero vector) and the
    standardised numeric columns, into a Tanh MLP: 2 logits (good, bad)."""

    def __init__(self, cardinalities: List[int], mean: np.ndarray, std: np.ndarray, dim: int = 4,
                 hidden: int = 8, classes: int = 2):
        super().__init__()
        self.embeddings = nn.ModuleList([nn.Embedding(k, dim, padding_idx=0)
                                         for k in cardinalities])
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))
        width = len(cardinalities) * dim + len(mean)
        self.head = nn.Sequential(nn.Linear(width, hidden), nn.Tanh(), nn.Linear(hidden, classes))

    def forward(self, cat: torch.Tensor, num: torch.Tensor) -> torch.Tensor:
        cat_emb, num_std = self.ig_layer(cat, num)
        return self.ig_from_layer(cat_emb, num_std, cat, num)

    @torch.jit.export
    def ig_layer(self, cat: torch.Tensor, num: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        parts: List[torch.Tensor] = []
        for i, embedding in enumerate(self.embeddings):
            parts.append(embedding(cat[:, i]))
        # (rows, n_cat, dim), (rows, n_num)
        return torch.stack(parts, 1), (num - self.mean) / self.std

    @torch.jit.export
    def ig_from_layer(self, cat_emb: torch.Tensor, num_std: torch.Tensor, cat: torch.Tensor,
                      num: torch.Tensor) -> torch.Tensor:
        return self.head(torch.cat([cat_emb.flatten(1), num_std], 1))


def credit_split(labels: np.ndarray) -> np.ndarray:
    """A fixed stratified held-out set: 30 % of each class, drawn with seed 7."""
    rng = np.random.default_rng(7)
    test = np.zeros(len(labels), dtype=bool)
    for c in np.unique(labels):
        rows = np.flatnonzero(labels == c)
        test[rng.choice(rows, size=round(0.3 * len(rows)), replace=False)] = True
    return test


def drop_codes(batch):
    """Training only: 10 % of the codes become 0 ("(missing)"), so the model learns what a
    missing value means and the reference category is not an untrained point."""
    cat, num = batch
    dropped = torch.rand(cat.shape) < 0.1
    return torch.where(dropped, torch.zeros_like(cat), cat), num


def make_credit(examples: str):
    attributes, rows = read_arff(os.path.join(examples, "credit-g.arff"))
    *features, (label_name, label_names) = attributes
    categorical = [(n, c) for n, c in features if c is not None]
    numeric = [n for n, c in features if c is None]
    columns = [n for n, _ in features]
    codes = np.array([[(c.index(r[columns.index(n)]) + 1) if r[columns.index(n)] is not None
                       else 0 for n, c in categorical] for r in rows], dtype=np.int64)
    values = np.array([[float(r[columns.index(n)]) for n in numeric] for r in rows],
                      dtype=np.float32)
    labels = np.array([label_names.index(r[-1]) for r in rows], dtype=np.int64)
    test = credit_split(labels)

    mean = values[~test].mean(0)
    std = values[~test].std(0)
    torch.manual_seed(31)
    model = CreditClassifier([len(c) + 1 for _, c in categorical], mean, std)
    cat_t, num_t = torch.tensor(codes), torch.tensor(values)
    train_idx = torch.tensor(np.flatnonzero(~test))
    fit(model, (cat_t[train_idx], num_t[train_idx]), torch.tensor(labels[~test]), nn.CrossEntropyLoss(),
        epochs=30, lr=3e-3, batch_size=32, weight_decay=1e-2, corrupt=drop_codes)
    scripted = torch.jit.script(model)
    check_split(scripted, (cat_t, num_t))
    predicted = predict(scripted, (cat_t, num_t))
    accuracy = (predicted[test] == labels[test]).mean()
    majority = (labels[test] == 0).mean()
    print(f"credit: {len(categorical)} categorical, {len(numeric)} numeric; train {(~test).sum()}"
          f", held-out {test.sum()}: accuracy {accuracy:.3f} (all 'good': {majority:.3f}); "
          f"train accuracy {(predicted[~test] == labels[~test]).mean():.3f}")

    os.makedirs(CREDIT_DIR, exist_ok=True)
    scripted.save(os.path.join(CREDIT_DIR, "credit_model.pt"))
    with open(os.path.join(CREDIT_DIR, "categories.json"), "w") as f:
        json.dump({
            "categorical": {n: [MISSING] + c for n, c in categorical},
            "numeric": numeric,
            # float32 values as the model holds them: the numeric baseline of the references
            "numeric_baseline": {n: float(m) for n, m in zip(numeric, mean)},
            "label": {"column": "label", "source_attribute": label_name, "names": label_names},
        }, f, indent=1)
    with open(os.path.join(CREDIT_DIR, "credit.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "split", "label"] + [n for n, _ in categorical] + numeric)
        for i in range(len(rows)):
            w.writerow([i, "test" if test[i] else "train", int(labels[i])]
                       + [int(c) for c in codes[i]] + [repr(float(v)) for v in values[i]])

    ref_cat, ref_num = cat_t[:REFERENCE_ROWS], num_t[:REFERENCE_ROWS]
    base_cat = torch.zeros_like(ref_cat)
    base_num = torch.tensor(mean).expand_as(ref_num).contiguous()
    target = torch.tensor(predicted[:REFERENCE_ROWS])
    result = layer_ig(scripted, (ref_cat, ref_num), (base_cat, base_num), target, "gausslegendre", STEPS)
    write_reference("credit", list(range(REFERENCE_ROWS)), result, target)


def make(which: str):
    """Makes the "text" or "credit" sample (or both for "all")."""
    with tempfile.TemporaryDirectory() as workdir:
        examples = weka_examples(workdir)
        if which in ("text", "all"):
            make_text(examples)
        if which in ("credit", "all"):
            make_credit(examples)
