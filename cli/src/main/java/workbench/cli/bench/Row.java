/* One measured row of the bench table: a workload on one implementation and thread count. */
package workbench.cli.bench;

public record Row(String name, String impl, int threads, double medianMs, double gflops, double pctPeak, String note) {
    /** The JSON record of `bench --json`: name, impl, threads, median_ms, gflops, pct_peak. */
    public String json() {
        return String.format(java.util.Locale.ROOT,
                "{\"name\": \"%s\", \"impl\": \"%s\", \"threads\": %d, \"median_ms\": %.3f, \"gflops\": %.2f, \"pct_peak\": %.1f}",
                name, impl, threads, medianMs, gflops, pctPeak);
    }
}
