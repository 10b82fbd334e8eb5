"""The sample datasets, TorchScript models and reference attributions in data-samples/."""
