package org.townalliance.alliance;

/** A member organisation is a property firm (物业企业) or a professional service agency (专业服务机构). */
public enum OrganisationKind {
    FIRM("物业企业"),
    AGENCY("专业服务机构");

    private final String nameZh;

    OrganisationKind(String nameZh) {
        this.nameZh = nameZh;
    }

    public String nameZh() {
        return nameZh;
    }

    /** Reads the kind as a town office writes it in a spreadsheet: FIRM/AGENCY or the Chinese names. */
    static OrganisationKind fromCell(String cell) {
        var value = cell == null ? "" : cell.strip();
        for (var kind : values()) {
            if (kind.name().equalsIgnoreCase(value) || kind.nameZh.equals(value)) {
                return kind;
            }
        }
        if (value.equals("物业") || value.equals("物业公司")) {
            return FIRM;
        }
        if (value.equals("机构") || value.equals("服务机构")) {
            return AGENCY;
        }
        return null;
    }
}
