package org.dayuan.office.codes;

import java.util.Base64;
import java.util.List;

/**
 * A print-ready A4 sheet of door labels (一房一码): per label the room's QR code (inline PNG, so the sheet prints
 * offline and as one file), number, name, code and organisation. Every text from a twin is HTML-escaped: room names
 * are typed by people.
 */
final class CodeSheet {
    /** One label. */
    record Label(String number, String name, String code, String organisation, String url) {
    }

    /** One titled group of labels; each section starts a new page. */
    record Section(String title, List<Label> labels) {
    }

    /** Pixels of each label's QR image: 30 mm printed at about 170 dpi, sharp on any office printer. */
    static final int QR_PIXELS = 200;

    private CodeSheet() {
    }

    static String html(String title, List<Section> sections) {
        StringBuilder out = new StringBuilder(4096);
        out.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("@page { size: A4 portrait; margin: 10mm; }\n")
                .append("body { margin: 0; font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", "
                        + "\"PingFang SC\", \"Microsoft YaHei\", \"SimHei\", \"WenQuanYi Micro Hei\", sans-serif; "
                        + "color: #000; }\n")
                .append("h1 { font-size: 14pt; margin: 0 0 4mm; }\n")
                .append("section + section { break-before: page; page-break-before: always; }\n")
                .append(".labels { display: grid; grid-template-columns: repeat(3, 1fr); gap: 4mm; }\n")
                .append(".label { border: 0.3mm dashed #666; padding: 3mm; text-align: center; "
                        + "break-inside: avoid; page-break-inside: avoid; }\n")
                .append(".label img { width: 30mm; height: 30mm; image-rendering: pixelated; }\n")
                .append(".number { font-size: 16pt; font-weight: bold; }\n")
                .append(".name, .org { font-size: 9pt; }\n")
                .append(".code { font-family: \"DejaVu Sans Mono\", Consolas, monospace; font-size: 8pt; }\n")
                .append(".empty { color: #666; }\n")
                .append("</style></head><body>\n");
        for (Section s : sections) {
            out.append("<section><h1>").append(escape(s.title())).append("</h1>\n");
            if (s.labels().isEmpty()) {
                out.append("<p class=\"empty\">本层没有可打印的房间 / no rooms on this floor</p>\n");
            } else {
                out.append("<div class=\"labels\">\n");
                for (Label l : s.labels()) {
                    out.append("<div class=\"label\" data-code=\"").append(escape(l.code())).append("\">")
                            .append("<img alt=\"").append(escape(l.code())).append("\" src=\"data:image/png;base64,")
                            .append(Base64.getEncoder().encodeToString(QrPng.encode(l.url(), QR_PIXELS)))
                            .append("\">")
                            .append("<div class=\"number\">").append(escape(l.number())).append("</div>")
                            .append("<div class=\"name\">").append(escape(l.name())).append("</div>")
                            .append("<div class=\"code\">").append(escape(l.code())).append("</div>")
                            .append("<div class=\"org\">").append(escape(l.organisation())).append("</div>")
                            .append("</div>\n");
                }
                out.append("</div>\n");
            }
            out.append("</section>\n");
        }
        return out.append("</body></html>\n").toString();
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
