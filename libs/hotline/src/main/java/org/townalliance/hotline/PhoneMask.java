package org.townalliance.hotline;

/** 13812345678 → 138****5678: enough to recognise a caller, not to call them. */
final class PhoneMask {

    private PhoneMask() {
    }

    static String mask(String phone) {
        if (phone == null) {
            return null;
        }
        if (phone.length() <= 6) {
            return "*".repeat(phone.length());
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }
}
