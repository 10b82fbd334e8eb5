package io.igaudit.ig;

/** The attribution method. */
public enum Method {
    /** Integrated Gradients along the straight line from each baseline (Sundararajan et al. 2017). */
    INTEGRATED_GRADIENTS("integrated_gradients"),
    /** Expected Gradients: references and path points drawn at random (Erion et al. 2021). */
    EXPECTED_GRADIENTS("expected_gradients"),
    /** Integrated Gradients along the path of blurs from a blurred image to the input (Xu et al. 2020). */
    BLUR_INTEGRATED_GRADIENTS("blur_ig"),
    /**
     * XRAI (Kapishnikov et al. 2019): Integrated Gradients from each image's minimum and maximum,
     * averaged, then the image's regions ranked by attribution density.
     */
    XRAI("xrai");

    private final String configName;

    Method(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration files. */
    public String configName() {
        return configName;
    }

    /** The method with this configuration name; an unknown name fails with the list of valid ones. */
    public static Method byName(String name) {
        return ConfigNames.byName(values(), Method::configName, "attribution method", name);
    }
}
