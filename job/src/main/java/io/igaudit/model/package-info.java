/**
 * Loads a TorchScript model once per JVM on the right device and gives IG its outputs and input
 * gradients through DJL's PyTorch engine, with the model behaving exactly as at inference: one
 * class holds the module and its device, one class per gradient path (plain, affine head, layer).
 */
package io.igaudit.model;
