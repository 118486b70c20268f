package dev.forgeline.release.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub Actions expressions ({@code ${{ ... }}}), as far as workflows use them: literals, context lookups
 * ({@code a.b}, {@code a['b']}, {@code a[0]}), {@code ! == != < <= > >= && ||}, parentheses, and the functions
 * {@code fromJSON toJSON contains startsWith endsWith format join hashFiles success failure cancelled always}.
 * Semantics follow GitHub's documentation: {@code &&} and {@code ||} return an operand, a missing property is null,
 * {@code ==} between a string and another type compares numbers, strings compare ignoring case.
 */
final class Expressions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EMBEDDED = Pattern.compile("\\$\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern STATUS_FUNCTION = Pattern.compile("\\b(success|failure|cancelled|always)\\s*\\(");

    private Expressions() {}

    /** Replaces every {@code ${{ expr }}} in {@code text} with the expression's value as a string. */
    static String interpolate(String text, ExpressionContext context) {
        Matcher m = EMBEDDED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(asString(evaluate(m.group(1), context))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A value that may be a whole expression ({@code ${{ fromJSON(x) }}} gives JSON, not its text) or a string with
     * embedded expressions.
     */
    static JsonNode value(String text, ExpressionContext context) {
        Matcher m = EMBEDDED.matcher(text.strip());
        if (m.matches()) {
            return evaluate(m.group(1), context);
        }
        return TextNode.valueOf(interpolate(text, context));
    }

    /**
     * An {@code if:} condition: with or without {@code ${{ }}}; without a status function it is
     * {@code success() && (condition)}, as GitHub does.
     */
    static boolean condition(String ifText, ExpressionContext context) {
        String expression = ifText.strip();
        Matcher whole = EMBEDDED.matcher(expression);
        if (whole.matches()) {
            expression = whole.group(1).strip();
        }
        if (expression.isEmpty()) {
            expression = "success()";
        } else if (!STATUS_FUNCTION.matcher(expression).find()) {
            expression = "success() && (" + expression + ")";
        }
        return truthy(evaluate(expression, context));
    }

    static JsonNode evaluate(String expression, ExpressionContext context) {
        Parser parser = new Parser(expression, context);
        JsonNode result = parser.orExpression();
        parser.skipSpace();
        if (parser.pos != expression.length()) {
            throw parser.error("unexpected text");
        }
        return result;
    }

    static boolean truthy(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.doubleValue() != 0 && !Double.isNaN(value.doubleValue());
        }
        if (value.isTextual()) {
            return !value.textValue().isEmpty();
        }
        return true;
    }

    static String asString(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return Boolean.toString(value.booleanValue());
        }
        if (value.isNumber()) {
            double d = value.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
        }
        return value.toPrettyString();
    }

    private static double asNumber(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return 0;
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? 1 : 0;
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isTextual()) {
            String s = value.textValue().strip();
            if (s.isEmpty()) {
                return 0;
            }
            try {
                return s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static boolean looselyEqual(JsonNode a, JsonNode b) {
        a = a.isMissingNode() ? NullNode.getInstance() : a;
        b = b.isMissingNode() ? NullNode.getInstance() : b;
        if (a.getNodeType() != b.getNodeType() && !(a.isNumber() && b.isNumber())) {
            if (a.isContainerNode() || b.isContainerNode()) {
                return false;
            }
            return asNumber(a) == asNumber(b);
        }
        if (a.isTextual()) {
            return a.textValue().equalsIgnoreCase(b.textValue());
        }
        if (a.isNumber()) {
            return a.doubleValue() == b.doubleValue();
        }
        if (a.isContainerNode()) {
            return a == b;
        }
        return a.equals(b);
    }

    private static int compare(JsonNode a, JsonNode b) {
        if (a.isTextual() && b.isTextual()) {
            return a.textValue().compareToIgnoreCase(b.textValue());
        }
        return Double.compare(asNumber(a), asNumber(b));
    }

    /** Recursive descent over GitHub's grammar, evaluating as it parses (every branch is evaluated: no side effects). */
    private static final class Parser {
        private final String text;
        private final ExpressionContext context;
        private int pos;

        Parser(String text, ExpressionContext context) {
            this.text = text;
            this.context = context;
        }

        JsonNode orExpression() {
            JsonNode left = andExpression();
            while (consume("||")) {
                JsonNode right = andExpression();
                left = truthy(left) ? left : right;
            }
            return left;
        }

        private JsonNode andExpression() {
            JsonNode left = equality();
            while (consume("&&")) {
                JsonNode right = equality();
                left = truthy(left) ? right : left;
            }
            return left;
        }

        private JsonNode equality() {
            JsonNode left = comparison();
            while (true) {
                if (consume("==")) {
                    left = BooleanNode.valueOf(looselyEqual(left, comparison()));
                } else if (consume("!=")) {
                    left = BooleanNode.valueOf(!looselyEqual(left, comparison()));
                } else {
                    return left;
                }
            }
        }

        private JsonNode comparison() {
            JsonNode left = unary();
            while (true) {
                if (consume("<=")) {
                    left = BooleanNode.valueOf(compare(left, unary()) <= 0);
                } else if (consume(">=")) {
                    left = BooleanNode.valueOf(compare(left, unary()) >= 0);
                } else if (consume("<")) {
                    left = BooleanNode.valueOf(compare(left, unary()) < 0);
                } else if (consume(">")) {
                    left = BooleanNode.valueOf(compare(left, unary()) > 0);
                } else {
                    return left;
                }
            }
        }

        private JsonNode unary() {
            skipSpace();
            if (peek('!') && !text.startsWith("!=", pos)) {
                pos++;
                return BooleanNode.valueOf(!truthy(unary()));
            }
            return postfix(primary());
        }

        private JsonNode postfix(JsonNode value) {
            while (true) {
                skipSpace();
                if (peek('.')) {
                    pos++;
                    value = property(value, identifier());
                } else if (peek('[')) {
                    pos++;
                    JsonNode index = orExpression();
                    expect("]");
                    value = index.isNumber() ? element(value, index.intValue()) : property(value, asString(index));
                } else {
                    return value;
                }
            }
        }

        private JsonNode primary() {
            skipSpace();
            if (pos >= text.length()) {
                throw error("expression ends early");
            }
            char c = text.charAt(pos);
            if (c == '(') {
                pos++;
                JsonNode inner = orExpression();
                expect(")");
                return inner;
            }
            if (c == '\'') {
                return TextNode.valueOf(stringLiteral());
            }
            if (Character.isDigit(c) || c == '-') {
                int start = pos++;
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                    pos++;
                }
                return DoubleNode.valueOf(asNumber(TextNode.valueOf(text.substring(start, pos))));
            }
            String name = identifier();
            skipSpace();
            if (peek('(')) {
                pos++;
                List<JsonNode> args = new ArrayList<>();
                skipSpace();
                if (!peek(')')) {
                    do {
                        args.add(orExpression());
                    } while (consume(","));
                }
                expect(")");
                return call(name, args);
            }
            return switch (name) {
                case "true" -> BooleanNode.TRUE;
                case "false" -> BooleanNode.FALSE;
                case "null" -> NullNode.getInstance();
                default -> context.named(name);
            };
        }

        private JsonNode call(String name, List<JsonNode> args) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "fromjson" -> fromJson(asString(args.get(0)));
                case "tojson" -> TextNode.valueOf(args.get(0).toPrettyString());
                case "contains" -> BooleanNode.valueOf(contains(args.get(0), args.get(1)));
                case "startswith" -> BooleanNode.valueOf(asString(args.get(0)).toLowerCase().startsWith(asString(args.get(1)).toLowerCase()));
                case "endswith" -> BooleanNode.valueOf(asString(args.get(0)).toLowerCase().endsWith(asString(args.get(1)).toLowerCase()));
                case "format" -> TextNode.valueOf(format(args));
                case "join" -> TextNode.valueOf(join(args));
                case "hashfiles" -> TextNode.valueOf(context.hashFiles(args.stream().map(Expressions::asString).toList()));
                case "success" -> BooleanNode.valueOf(context.status() == ExpressionContext.Status.SUCCESS);
                case "failure" -> BooleanNode.valueOf(context.status() == ExpressionContext.Status.FAILURE);
                case "cancelled" -> BooleanNode.valueOf(context.status() == ExpressionContext.Status.CANCELLED);
                case "always" -> BooleanNode.TRUE;
                default -> throw error("no function " + name + " in this evaluator");
            };
        }

        private JsonNode fromJson(String json) {
            try {
                return JSON.readTree(json);
            } catch (java.io.IOException e) {
                throw error("fromJSON of text that is not JSON: " + json);
            }
        }

        private static boolean contains(JsonNode haystack, JsonNode needle) {
            if (haystack.isArray()) {
                for (JsonNode item : haystack) {
                    if (looselyEqual(item, needle)) {
                        return true;
                    }
                }
                return false;
            }
            return asString(haystack).toLowerCase().contains(asString(needle).toLowerCase());
        }

        private static String format(List<JsonNode> args) {
            String result = asString(args.get(0));
            for (int i = 1; i < args.size(); i++) {
                result = result.replace("{" + (i - 1) + "}", asString(args.get(i)));
            }
            return result.replace("{{", "{").replace("}}", "}");
        }

        private static String join(List<JsonNode> args) {
            String separator = args.size() > 1 ? asString(args.get(1)) : ",";
            if (!args.get(0).isArray()) {
                return asString(args.get(0));
            }
            List<String> parts = new ArrayList<>();
            args.get(0).forEach(item -> parts.add(asString(item)));
            return String.join(separator, parts);
        }

        private static JsonNode property(JsonNode value, String name) {
            if (value.isObject()) {
                JsonNode found = value.get(name);
                if (found == null) {
                    // Context names are case-insensitive in GitHub.
                    var fields = value.fields();
                    while (fields.hasNext()) {
                        var field = fields.next();
                        if (field.getKey().equalsIgnoreCase(name)) {
                            return field.getValue();
                        }
                    }
                }
                return found == null ? NullNode.getInstance() : found;
            }
            return NullNode.getInstance();
        }

        private static JsonNode element(JsonNode value, int index) {
            JsonNode found = value.isArray() ? value.get(index) : null;
            return found == null ? NullNode.getInstance() : found;
        }

        private String stringLiteral() {
            StringBuilder s = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(pos++);
                if (c == '\'') {
                    if (peek('\'')) {
                        s.append('\'');
                        pos++;
                    } else {
                        return s.toString();
                    }
                } else {
                    s.append(c);
                }
            }
        }

        private String identifier() {
            skipSpace();
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                    || text.charAt(pos) == '-' || text.charAt(pos) == '*')) {
                pos++;
            }
            if (start == pos) {
                throw error("a name expected");
            }
            return text.substring(start, pos);
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private boolean consume(String token) {
            skipSpace();
            if (text.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        private void expect(String token) {
            if (!consume(token)) {
                throw error("'" + token + "' expected");
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at " + pos + " in expression: " + text);
        }
    }

    static JsonNode missing() {
        return MissingNode.getInstance();
    }
}
