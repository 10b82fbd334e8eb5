"""The sample datasets, TorchScript models and reference attributions in data-samples/, made by
scripts/make-sample-models.py. Modules:

  common         where the samples go, one thread, the training loop
  reference      IG and layer IG the way Captum computes them, and the reference CSV files
  modules        nn.Modules the demo models and the fixtures share (standardisation, split head)
  demo           the real models on real data (scikit-learn's datasets) and the wide MLP
  fixtures       analytic and split test models
  layer_fixtures test models with several and integer inputs, and their layer IG references
  conv_fixtures  convolution and batch-statistics test models, and their references
  weka           Debian's weka package (apt-get download) and its ARFF files
  text_credit    the Reuters text classifier and the German credit model, from weka's examples
  fashion        Fashion-MNIST PNG files in class folders and a small CNN (dataset-fashion-mnist)

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
  images/fashion/<class>/*.png,             28x28 8-bit grey PNG files, 30 per class, and a CNN on
  images/fashion_cnn.pt                     (B, 1, 28, 28) normalised pixels; torch.jit.script
  reference/*.csv                           IG computed here in float32 with Captum's formulas,
                                            for cross-implementation tests
  text/*, credit/*,                         the embedding-layer samples: see text_credit
  reference/{text,credit}_layer_*.csv
"""
