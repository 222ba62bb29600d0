package org.dayuan.demo;

/**
 * Check characters of the codes the demo prints, so that the data passes the same checks real data does:
 * the unified social credit code (GB 32100-2015) with its embedded organisation code (GB 11714-1997), and the
 * vehicle identification number (GB 16735 / ISO 3779, position 9).
 */
final class Codes {
    /** "11": registered by the establishment office (机构编制), as an organ of state (机关). */
    private static final String USCC_ORGAN_OF_STATE = "11";
    private static final String USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final int[] ORG_CODE_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};
    private static final int[] VIN_WEIGHTS = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
    /** VIN transliteration of A..Z; I, O and Q never occur in a VIN. */
    private static final String VIN_LETTER_VALUES = "12345678-12345-7-9234567890";
    private static final int VIN_CHECK_POSITION = 8;

    private Codes() {
    }

    /** The unified social credit code of a state organ in {@code regionCode} with organisation code body. */
    static String uscc(String regionCode, String orgCodeBody) {
        String body = USCC_ORGAN_OF_STATE + regionCode + orgCode(orgCodeBody);
        return body + usccCheck(body);
    }

    /** The check character of the first seventeen characters of a unified social credit code. */
    static char usccCheck(String body) {
        int modulus = USCC_CHARSET.length();
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            sum += USCC_CHARSET.indexOf(body.charAt(i)) * USCC_WEIGHTS[i];
        }
        return USCC_CHARSET.charAt((modulus - sum % modulus) % modulus);
    }

    /** The nine-character organisation code: eight characters and their check character. */
    static String orgCode(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            sum += Character.digit(body.charAt(i), 36) * ORG_CODE_WEIGHTS[i];
        }
        int check = 11 - sum % 11;
        return body + (check == 10 ? "X" : check == 11 ? "0" : Integer.toString(check));
    }

    /** {@code vin} with its check character put in position 9 (whatever was there is replaced). */
    static String vin(String vin) {
        int sum = 0;
        for (int i = 0; i < vin.length(); i++) {
            sum += vinValue(vin.charAt(i)) * VIN_WEIGHTS[i];
        }
        int check = sum % 11;
        return vin.substring(0, VIN_CHECK_POSITION) + (check == 10 ? "X" : Integer.toString(check))
                + vin.substring(VIN_CHECK_POSITION + 1);
    }

    private static int vinValue(char c) {
        if (Character.isDigit(c)) {
            return c - '0';
        }
        char value = VIN_LETTER_VALUES.charAt(c - 'A');
        if (value == '-') {
            throw new IllegalArgumentException("A VIN never contains '" + c + "'.");
        }
        return value - '0';
    }
}
