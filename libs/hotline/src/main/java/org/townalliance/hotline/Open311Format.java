package org.townalliance.hotline;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * GeoReport v2 documents in both of the standard's formats. A document is a list of items (maps with
 * the standard's field names, in its order); in XML the list is the root element and each item an
 * element of its own, nested lists named as the standard names them (endpoints/endpoint, formats/format,
 * attributes/attribute, values/value). Null fields are left out of both formats.
 */
final class Open311Format {

    static final MediaType XML = MediaType.parseMediaType("text/xml;charset=UTF-8");
    static final MediaType JSON_TYPE = MediaType.parseMediaType("application/json;charset=UTF-8");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final XMLOutputFactory XML_OUTPUT = XMLOutputFactory.newFactory();
    private static final Map<String, String> ITEM_NAMES = Map.of("endpoints", "endpoint", "formats", "format",
            "attributes", "attribute", "values", "value");

    private Open311Format() {
    }

    /** The standard's two statuses: a request is open until it is resolved, closed or cancelled. */
    static String status(String ticketStatus) {
        return switch (ticketStatus) {
            case "RESOLVED", "CLOSED", "CANCELLED" -> "closed";
            default -> "open";
        };
    }

    /** Whether {@code format} (the path's extension) is one the standard defines. */
    static boolean known(String format) {
        return "json".equals(format) || "xml".equals(format);
    }

    /** A list document: {@code root} and {@code item} are its XML element names. */
    static ResponseEntity<String> list(HttpStatus status, String format, String root, String item, List<? extends Map<String, ?>> items) {
        if ("xml".equals(format)) {
            return ResponseEntity.status(status).contentType(XML).body(xml(root, w -> {
                for (var entry : items) {
                    element(w, item, entry);
                }
            }));
        }
        return ResponseEntity.status(status).contentType(JSON_TYPE).body(JSON.writeValueAsString(items));
    }

    /** A single-object document (discovery, service definition). */
    static ResponseEntity<String> object(String format, String root, Map<String, ?> fields) {
        if ("xml".equals(format)) {
            return ResponseEntity.ok().contentType(XML).body(xml(root, w -> fields(w, fields)));
        }
        return ResponseEntity.ok().contentType(JSON_TYPE).body(JSON.writeValueAsString(fields));
    }

    /** The standard's error document; an unknown format gets JSON. */
    static ResponseEntity<String> error(HttpStatus status, String format, String description) {
        return list(status, "xml".equals(format) ? "xml" : "json", "errors", "error",
                List.of(Map.of("code", status.value(), "description", description)));
    }

    private interface Body {
        void write(XMLStreamWriter writer) throws XMLStreamException;
    }

    private static String xml(String root, Body body) {
        var out = new StringWriter();
        try {
            var writer = XML_OUTPUT.createXMLStreamWriter(out);
            writer.writeStartDocument("UTF-8", "1.0");
            writer.writeStartElement(root);
            body.write(writer);
            writer.writeEndElement();
            writer.writeEndDocument();
            writer.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Writing XML to a string cannot fail", e);
        }
        return out.toString();
    }

    private static void element(XMLStreamWriter w, String name, Object value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        w.writeStartElement(name);
        if (value instanceof Map<?, ?> map) {
            fields(w, map);
        } else if (value instanceof List<?> list) {
            var item = ITEM_NAMES.getOrDefault(name, "item");
            for (var entry : list) {
                element(w, item, entry);
            }
        } else {
            w.writeCharacters(value.toString());
        }
        w.writeEndElement();
    }

    private static void fields(XMLStreamWriter w, Map<?, ?> fields) throws XMLStreamException {
        for (var field : fields.entrySet()) {
            element(w, field.getKey().toString(), field.getValue());
        }
    }
}
