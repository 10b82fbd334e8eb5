/**
 * Integrated Gradients maths: quadrature rules, step chunking, the integrator over a gradient
 * function, and the completeness (convergence delta) check. Knows nothing of Spark or DJL.
 *
 * <p>Reference: M. Sundararajan, A. Taly, Q. Yan, "Axiomatic Attribution for Deep Networks",
 * ICML 2017. Quadrature nodes and weights follow Captum's {@code approximation_methods.py} exactly,
 * so that results agree with Captum to float precision.
 */
package io.igaudit.ig;
