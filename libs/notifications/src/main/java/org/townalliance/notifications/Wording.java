package org.townalliance.notifications;

import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of a message: the town's own wording of the kind in the person's language where it has one, else the
 * platform's ({@code notifications/wording*.properties}); placeholders filled from the notice's parameters, and an
 * unknown one left empty so that a town's typo never shows braces to a resident.
 */
final class Wording {

    static final Locale ZH = Locale.forLanguageTag("zh-CN");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9]*)}");
    private static final Map<String, ResourceBundle> BUNDLES = Map.of(
            "zh-CN", ResourceBundle.getBundle("notifications.wording", Locale.ROOT),
            "en", ResourceBundle.getBundle("notifications.wording", Locale.ENGLISH));

    record Text(String title, String body) {
    }

    private Wording() {
    }

    /** The locales messages are written in; anything else is read as zh-CN. */
    static String locale(String requested) {
        return requested != null && requested.toLowerCase(Locale.ROOT).startsWith("en") ? "en" : "zh-CN";
    }

    static Text platform(NoticeKind kind, String locale) {
        var bundle = BUNDLES.get(locale(locale));
        return new Text(bundle.getString(kind.name() + ".title"), bundle.getString(kind.name() + ".body"));
    }

    static Text render(Text template, Map<String, String> params) {
        return new Text(fill(template.title(), params), fill(template.body(), params));
    }

    static String fill(String template, Map<String, String> params) {
        var matcher = PLACEHOLDER.matcher(template);
        var out = new StringBuilder();
        while (matcher.find()) {
            var value = params.get(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        matcher.appendTail(out);
        return out.toString().replaceAll("（，\\s*）|\\(,\\s*\\)", "").strip();
    }

    /** The placeholders a template uses, for checking a town's wording against what the kind provides. */
    static java.util.Set<String> placeholders(String template) {
        var names = new java.util.TreeSet<String>();
        var matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
