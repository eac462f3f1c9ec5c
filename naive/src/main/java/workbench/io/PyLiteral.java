/*
 * A parser for the small subset of Python literals that a .npy header dictionary uses:
 * {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
 * Mirrors what numpy.lib.format reads with ast.literal_eval: dicts, tuples, lists, quoted strings,
 * integers (a trailing L from Python 2 is accepted), True, False and None.
 * Deliberately not here: floats, escapes beyond \\ and \', sets, expressions. Nesting is capped so
 * a hostile header cannot exhaust the stack. Parse errors are IllegalArgumentExceptions with the
 * character position; NpyHeader turns them into a CheckpointFormatException naming the file.
 */
package workbench.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class PyLiteral {
    private static final int MAX_DEPTH = 16;

    private final String text;
    private int pos;

    private PyLiteral(String text) { this.text = text; }

    /**
     * Parses one literal that spans the whole text (surrounding whitespace allowed). Returns
     * Map (dict), List (tuple or list), String, BigInteger, Boolean, or null (None).
     */
    static Object parse(String text) {
        PyLiteral p = new PyLiteral(text);
        Object v = p.value(0);
        p.skipSpace();
        if (p.pos != text.length()) throw p.error("unexpected text after the literal");
        return v;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) throw error("nested deeper than " + MAX_DEPTH + " levels");
        skipSpace();
        if (pos >= text.length()) throw error("unexpected end of text");
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> dict(depth);
            case '(' -> sequence(')', depth);
            case '[' -> sequence(']', depth);
            case '\'', '"' -> string(c);
            default -> {
                if (c == '-' || c == '+' || Character.isDigit(c)) yield integer();
                yield word();
            }
        };
    }

    private Map<Object, Object> dict(int depth) {
        Map<Object, Object> map = new LinkedHashMap<>();
        pos++; // {
        while (true) {
            skipSpace();
            if (peek() == '}') { pos++; return map; }
            Object key = value(depth + 1);
            skipSpace();
            expect(':');
            Object val = value(depth + 1);
            if (map.put(key, val) != null) throw error("duplicate key " + key);
            skipSpace();
            if (peek() == ',') pos++;
            else if (peek() != '}') throw error("expected ',' or '}'");
        }
    }

    private List<Object> sequence(char close, int depth) {
        List<Object> items = new ArrayList<>();
        pos++; // ( or [
        while (true) {
            skipSpace();
            if (peek() == close) { pos++; return items; }
            items.add(value(depth + 1));
            skipSpace();
            if (peek() == ',') pos++;
            else if (peek() != close) throw error("expected ',' or '" + close + "'");
        }
    }

    private String string(char quote) {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) return sb.toString();
            if (c == '\\' && pos < text.length()) c = text.charAt(pos++);
            sb.append(c);
        }
        throw error("unterminated string");
    }

    private BigInteger integer() {
        int start = pos;
        if (peek() == '-' || peek() == '+') pos++;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
        String digits = text.substring(start, pos);
        if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) pos++;
        try {
            return new BigInteger(digits);
        } catch (NumberFormatException e) {
            throw error("bad integer '" + digits + "'");
        }
    }

    private Object word() {
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) pos++;
        String w = text.substring(start, pos);
        return switch (w) {
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            case "None" -> null;
            default -> throw error("unexpected " + (w.isEmpty() ? "'" + text.charAt(start) + "'" : "word '" + w + "'"));
        };
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private char peek() {
        if (pos >= text.length()) throw error("unexpected end of text");
        return text.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) throw error("expected '" + c + "'");
        pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at character " + pos);
    }
}
