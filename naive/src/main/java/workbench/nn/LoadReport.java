/*
 * What a state_dict load found, by key: loaded, missing (the model has them, the file does not),
 * unexpected (the file has them, the model does not) and mismatched shapes.
 */
package workbench.nn;

import java.util.List;

public record LoadReport(List<String> loaded, List<String> missing, List<String> unexpected, List<Mismatch> mismatched) {
    public record Mismatch(String key, String expected, String found) {
        @Override
        public String toString() { return key + ": model expects " + expected + ", file has " + found; }
    }

    public boolean ok() {
        return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
    }

    /** The listing used in error messages: at most {@code limit} names per kind. */
    public String describe(int limit) {
        StringBuilder sb = new StringBuilder();
        append(sb, "missing", missing, limit);
        append(sb, "unexpected", unexpected, limit);
        append(sb, "shape mismatch", mismatched.stream().map(Mismatch::toString).toList(), limit);
        return sb.toString();
    }

    private static void append(StringBuilder sb, String what, List<String> items, int limit) {
        if (items.isEmpty()) return;
        sb.append("\n  ").append(what).append(" (").append(items.size()).append("): ");
        sb.append(String.join(", ", items.subList(0, Math.min(limit, items.size()))));
        if (items.size() > limit) sb.append(", ... (").append(items.size() - limit).append(" more)");
    }
}
