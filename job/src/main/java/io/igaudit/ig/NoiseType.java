package io.igaudit.ig;

/**
 * How a noise tunnel combines the attributions of the noisy copies of a row (Captum's
 * {@code nt_type}): SmoothGrad (Smilkov et al. 2017) averages them, SmoothGrad² averages their
 * squares, VarGrad (Adebayo et al. 2018) takes their variance.
 */
public enum NoiseType {
    /** The mean over copies. */
    SMOOTHGRAD("smoothgrad"),
    /** The mean of the squares over copies. */
    SMOOTHGRAD_SQ("smoothgrad_sq"),
    /** The mean of the squares minus the square of the mean. */
    VARGRAD("vargrad");

    private final String configName;

    NoiseType(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration files and in Captum. */
    public String configName() {
        return configName;
    }

    /** The type with this configuration name; an unknown name fails with the list of valid ones. */
    public static NoiseType byName(String name) {
        return ConfigNames.byName(values(), NoiseType::configName, "noise type", name);
    }
}
