/**
 * Attribution maths: quadrature rules, step chunking, Integrated Gradients (fixed and adaptive
 * steps, and at a layer for integer and several inputs) and Expected Gradients over a gradient
 * function, baselines, noise tunnels, and the completeness (convergence delta) check. Knows
 * nothing of Spark or DJL.
 *
 * <p>References: M. Sundararajan, A. Taly, Q. Yan, "Axiomatic Attribution for Deep Networks",
 * ICML 2017; G. Erion et al., "Improving performance of deep learning models with axiomatic
 * attribution priors and expected gradients", Nature Machine Intelligence 2021 (Expected
 * Gradients); D. Smilkov et al., "SmoothGrad: removing noise by adding noise", 2017, and
 * J. Adebayo et al., "Local Explanation Methods for Deep Neural Networks Lack Sensitivity to
 * Parameter Values", 2018 (VarGrad). Quadrature nodes and weights follow Captum's
 * {@code approximation_methods.py} exactly, so that results agree with Captum to float precision;
 * the noise tunnel follows Captum's {@code NoiseTunnel}, and layer attribution Captum's
 * {@code LayerIntegratedGradients}.
 */
package io.igaudit.ig;
