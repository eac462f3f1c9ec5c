/*
 * A tolerance with its reason, in llm.c's validate_result form:
 *   |got - ref| <= atol * scale + rtol * |ref|,  scale = max(1, max|ref|) when scaleByMax, else 1.
 * Scaling atol by the tensor's largest magnitude is the "1e-4 x max(1, max|ref|)" rule: a float32
 * sum of many terms is accurate relative to the terms' size, not to each result's.
 */
package workbench.golden;

import java.util.Locale;

public record Tol(double atol, double rtol, boolean scaleByMax, String why) {
    public double bound(double ref, double scale) {
        return atol * (scaleByMax ? scale : 1.0) + rtol * Math.abs(ref);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.0e%s+%.0e*|ref|", atol, scaleByMax ? "*max(1,max|ref|)" : "", rtol);
    }
}
