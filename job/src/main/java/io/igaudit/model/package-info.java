/**
 * Loads a TorchScript model once per JVM on the right device and gives IG its outputs and input
 * gradients through DJL's PyTorch engine, with the model behaving exactly as at inference.
 */
package io.igaudit.model;
