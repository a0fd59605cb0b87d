package org.townalliance.sms;

import reactor.core.publisher.Mono;

/**
 * Text messages to a phone, through the gateway the platform is configured with ({@code alliance.sms.provider}).
 * The embedded default and the tests keep messages in a table ({@link LocalSmsGateway}); nothing leaves the machine.
 */
public interface SmsGateway {

    /**
     * A message: to whom, for which town (null for the platform), which template, its text in full and the template's
     * parameters. Providers in China send only pre-approved templates filled with parameters (the text is what the
     * local gateway keeps and what the template says); the platform's templates are named in {@link Templates}.
     */
    record Message(String town, String phone, String template, String text, java.util.Map<String, String> params) {
        public Message {
            params = java.util.Map.copyOf(params);
        }
    }

    /** The templates the platform sends, each to be approved with the provider and configured by its code. */
    final class Templates {
        /** {@code ${code}}: 您的验证码是 ${code}，5 分钟内有效。请勿告诉他人。 */
        public static final String VERIFICATION_CODE = "verification-code";
        /** {@code ${number}}, {@code ${link}}: 您的诉求已受理，编号 ${number}。查看进度：${link} */
        public static final String REPORT_FILED = "report-filed";
        /** {@code ${number}}, {@code ${link}}: 您的诉求（编号 ${number}）已派给物业处理。查看进度：${link} */
        public static final String REPORT_DISPATCHED = "report-dispatched";
        /** {@code ${number}}, {@code ${link}}: 您的诉求（编号 ${number}）已处理完毕，请评价：${link} */
        public static final String REPORT_RESOLVED = "report-resolved";
        /** {@code ${title}}, {@code ${link}}: the platform's notifications to people with an account: ${title}。详情：${link} */
        public static final String NOTICE = "notice";
        /** The templates every provider configuration must have. */
        public static final java.util.List<String> ALL = java.util.List.of(VERIFICATION_CODE, REPORT_FILED);

        /** The parameters in the order of a template's numbered placeholders ({1}, {2}: Tencent's templates). */
        public static java.util.List<String> parameterOrder(String template) {
            return switch (template) {
                case VERIFICATION_CODE -> java.util.List.of("code");
                case REPORT_FILED, REPORT_DISPATCHED, REPORT_RESOLVED -> java.util.List.of("number", "link");
                case NOTICE -> java.util.List.of("title", "link");
                default -> throw new IllegalArgumentException("no template " + template);
            };
        }

        private Templates() {
        }
    }

    /** The provider has no code for this template: the message cannot be sent (retrying does not help). */
    final class NoTemplate extends IllegalStateException {
        public NoTemplate(String template) {
            super("no SMS template code for " + template);
        }
    }

    Mono<Void> send(Message message);
}
