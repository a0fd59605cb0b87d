package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20: the resident's loop through the public API, no account. The phone is verified with the code the local SMS
 * gateway kept (no SMS leaves the machine); photos go first and are bound to that phone; the report takes the same intake
 * as the operators'; the firm adds an "after" photo; the resident tracks it by the link in the SMS and rates it.
 */
class ResidentReportsTest extends HotlineTest {

    @Test
    void aResidentReportsWithPhotosFollowsTheRequestAndRatesIt() throws Exception {
        var town = town();
        var slug = town.slug();
        var form = anonymous().get().uri("/public/towns/{t}/report-form?estate={e}", slug, town.estateId()).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(((Map<?, ?>) form.get("estate")).get("name")).isEqualTo("乾溪新村");
        assertThat(form.get("categories").toString()).contains("repairs").contains("报修");
        anonymous().get().uri("/public/towns/{t}/estates?q=乾溪", slug).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].id").isEqualTo(town.estateId());

        var phone = Residents.phone();
        var proof = Residents.verify(anonymous(), slug, phone);
        var before = count("select count(*) from " + schema(town) + ".ticket_attachment");

        // Bad photos: each a clear 4xx, nothing stored.
        photo(slug, null, Residents.jpeg(800, 600)).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:phone-proof-required");
        photo(slug, proof, "%PDF-1.7 not a photo".getBytes()).expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        photo(slug, proof, new byte[11 * 1024 * 1024]).expectStatus().isEqualTo(413);
        assertThat(count("select count(*) from " + schema(town) + ".ticket_attachment")).isEqualTo(before);

        var first = photoId(slug, proof, Residents.jpegWithGps(1200, 900));
        var second = photoId(slug, proof, Residents.jpeg(640, 480));
        var seven = new java.util.ArrayList<String>(java.util.Collections.nCopies(6, first));
        seven.add(second);
        report(town, proof, "r-7", seven).expectStatus().isBadRequest();
        // Another phone cannot cite these photos.
        var stranger = Residents.verify(anonymous(), slug, Residents.phone());
        report(town, stranger, "r-x", List.of(first)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:unknown-photo");

        var filed = report(town, proof, "r-1", List.of(first, second)).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        var number = ((Number) filed.get("number")).longValue();
        var token = (String) filed.get("trackingToken");
        // A retry (the connection dropped) lands on the same report and writes nothing.
        report(town, proof, "r-1", List.of(first, second)).expectStatus().isOk().expectBody().jsonPath("$.number").isEqualTo(number);
        assertThat(count("select count(*) from " + schema(town) + ".ticket where reporter_phone = '" + phone + "'")).isEqualTo(1);
        // The confirmation SMS comes through the notifications' outbox, a moment after the answer.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(Residents.lastSms(phone)).contains("编号 " + number).contains("/track/" + slug + "/" + token));

        // The operations centre sees it as any other ticket, channel set by the page, with the photos.
        var ticket = as("op-" + slug).get().uri("/api/towns/{t}/tickets?q=漏水", slug).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        var item = ((List<Map<String, Object>>) ticket.get("items")).getFirst();
        assertThat(item.get("channel")).isEqualTo("WEB");
        assertThat(item.get("suggestedOrganisationId")).isEqualTo(town.firmA());
        var id = item.get("id");
        var detail = as("op-" + slug).get().uri("/api/towns/{t}/tickets/{id}", slug, id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        var photos = (List<Map<String, Object>>) detail.get("photos");
        assertThat(photos).extracting(p -> p.get("role")).containsExactly("RESIDENT", "RESIDENT");
        var kept = as("op-" + slug).get().uri("/api/towns/{t}/tickets/{id}/photos/{p}", slug, id, first).exchange()
                .expectStatus().isOk().expectHeader().contentType(MediaType.IMAGE_JPEG).expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(new String(kept, java.nio.charset.StandardCharsets.ISO_8859_1)).as("no EXIF, no GPS").doesNotContain("Exif");
        // A firm it is not dispatched to sees neither the ticket nor its photos.
        as("staff-b-" + slug).get().uri("/api/towns/{t}/tickets/{id}/photos/{p}", slug, id, first).exchange().expectStatus().isNotFound();

        act("op-" + slug, town, id, "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk();
        act("mgr-a-" + slug, town, id, "accept", Map.of()).expectStatus().isOk();
        as("op-" + slug).post().uri("/api/towns/{t}/tickets/{id}/photos?role=AFTER", slug, id).contentType(MediaType.IMAGE_JPEG)
                .bodyValue(Residents.jpeg(800, 600)).exchange().expectStatus().isForbidden();
        var after = as("mgr-a-" + slug).post().uri("/api/towns/{t}/tickets/{id}/photos?role=AFTER", slug, id).contentType(MediaType.IMAGE_JPEG)
                .bodyValue(Residents.jpeg(800, 600)).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
        as("mgr-a-" + slug).post().uri("/api/towns/{t}/tickets/{id}/photos?role=OPERATOR", slug, id).contentType(MediaType.IMAGE_JPEG)
                .bodyValue(Residents.jpeg(80, 60)).exchange().expectStatus().isForbidden();
        var internal = as("op-" + slug).post().uri("/api/towns/{t}/tickets/{id}/photos?role=OPERATOR", slug, id).contentType(MediaType.IMAGE_PNG)
                .bodyValue(Residents.png(80, 60)).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
        act("mgr-a-" + slug, town, id, "resolve", Map.of("note", "内部备注：换了阀门")).expectStatus().isOk();

        // The resident's tracking page: plain status, the firm, the public photos, no internal note.
        var tracked = anonymous().get().uri("/public/towns/{t}/reports/{token}", slug, token).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(tracked).contains("\"status\":\"RESOLVED\"").contains("\"rateable\":true").contains(after.toString())
                .doesNotContain("内部备注").doesNotContain(internal.toString()).doesNotContain("mgr-a-");
        anonymous().get().uri("/public/towns/{t}/reports/{token}/photos/{p}?size=thumbnail", slug, token, after).exchange()
                .expectStatus().isOk().expectHeader().contentType(MediaType.IMAGE_JPEG);
        anonymous().get().uri("/public/towns/{t}/reports/{token}/photos/{p}", slug, token, internal).exchange().expectStatus().isNotFound();
        // A token of another town, or one changed by a character, opens nothing.
        var other = onboard("res-other");
        anonymous().get().uri("/public/towns/{t}/reports/{token}", other, token).exchange().expectStatus().isNotFound();
        var tampered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        anonymous().get().uri("/public/towns/{t}/reports/{token}", slug, tampered).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:report-not-found");

        // The rating closes it; once per resolution.
        anonymous().post().uri("/public/towns/{t}/reports/{token}/rating", slug, token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("satisfied", true, "score", 5, "comment", "很快")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("CLOSED").jsonPath("$.rateable").isEqualTo(false).jsonPath("$.score").isEqualTo(5);
        anonymous().post().uri("/public/towns/{t}/reports/{token}/rating", slug, token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("satisfied", false, "score", 1)).exchange().expectStatus().isEqualTo(409);

        // Verifying the phone again shows the resident their requests with their links.
        anonymous().get().uri("/public/towns/{t}/reports", slug).header("X-Phone-Proof", proof).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].number").isEqualTo(number).jsonPath("$[0].trackingToken").isEqualTo(token);
        anonymous().get().uri("/public/towns/{t}/reports", other).header("X-Phone-Proof", proof).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aReportSaysWhereAndWhatWithinTheTownsCategories() {
        var town = town();
        var proof = Residents.verify(anonymous(), town.slug(), Residents.phone());
        anonymous().post().uri("/public/towns/{t}/reports", town.slug()).header("X-Phone-Proof", proof).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "COMPLAINT", "categoryCode", "no-such", "place", "1号楼", "description", "x")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:unknown-category");
        anonymous().post().uri("/public/towns/{t}/reports", town.slug()).header("X-Phone-Proof", proof).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "COMPLAINT", "categoryCode", "noise", "description", "楼上装修太吵")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:location-required");
        anonymous().post().uri("/public/towns/{t}/reports", town.slug()).header("X-Phone-Proof", proof).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "COMPLAINT", "categoryCode", "noise", "description", "x", "latitude", 91, "longitude", 121))
                .exchange().expectStatus().isBadRequest();
        anonymous().post().uri("/public/towns/{t}/reports", town.slug()).header("X-Phone-Proof", proof).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "COMPLAINT", "categoryCode", "noise", "description", "x", "estateId", java.util.UUID.randomUUID()))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:unknown-estate");
        var filed = anonymous().post().uri("/public/towns/{t}/reports", town.slug()).header("X-Phone-Proof", proof)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "COMPLAINT", "categoryCode", "noise", "description", "楼上装修太吵", "channel", "WECHAT",
                        "latitude", 31.2836, "longitude", 121.4069)).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(count("select count(*) from " + schema(town) + ".ticket where number = " + filed.get("number")
                + " and channel = 'WECHAT' and latitude = 31.283600 and longitude = 121.406900 and created_by = 'resident'")).isEqualTo(1);
    }

    /** The secretariat prints the estates' posters; the QR code, read back from the rendered page, opens the estate's report page. */
    @Test
    void anEstatesPosterCarriesTheQrCodeOfItsReportPage() throws Exception {
        var town = town();
        var slug = town.slug();
        var pdf = as("sec-" + slug).get().uri("/api/towns/{t}/estates/{e}/poster.pdf", slug, town.estateId()).exchange()
                .expectStatus().isOk().expectHeader().contentType(MediaType.APPLICATION_PDF).expectBody(byte[].class).returnResult().getResponseBody();
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(document)).contains("乾溪新村").contains("扫码报修 · 投诉 · 建议");
            var page = new org.apache.pdfbox.rendering.PDFRenderer(document).renderImageWithDPI(0, 100);
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "screenshots"));
            javax.imageio.ImageIO.write(page, "png", java.nio.file.Path.of("target", "screenshots", "estate-poster.png").toFile()); // for review
            var pixels = page.getRGB(0, 0, page.getWidth(), page.getHeight(), null, 0, page.getWidth());
            var bitmap = new com.google.zxing.BinaryBitmap(new com.google.zxing.common.HybridBinarizer(
                    new com.google.zxing.RGBLuminanceSource(page.getWidth(), page.getHeight(), pixels)));
            var url = java.net.URI.create(new com.google.zxing.qrcode.QRCodeReader().decode(bitmap).getText());
            assertThat(url.getPath()).isEqualTo("/report/" + slug);
            assertThat(url.getQuery()).isEqualTo("estate=" + town.estateId());
            anonymous().get().uri(url.getPath() + "?" + url.getQuery()).accept(MediaType.TEXT_HTML).exchange().expectStatus().isOk()
                    .expectBody(String.class).value(html -> assertThat(html).contains("乾溪新村").contains("phone-form"));
        }
        var all = as("sec-" + slug).get().uri("/api/towns/{t}/estates/posters.pdf", slug).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        try (var document = org.apache.pdfbox.Loader.loadPDF(all)) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
        }
        as("mgr-a-" + slug).get().uri("/api/towns/{t}/estates/posters.pdf", slug).exchange().expectStatus().isForbidden();
        as("sec-" + slug).get().uri("/api/towns/{t}/estates/{e}/poster.pdf", slug, java.util.UUID.randomUUID()).exchange().expectStatus().isNotFound();
    }

    private WebTestClient.ResponseSpec photo(String slug, String proof, byte[] bytes) {
        var request = anonymous().post().uri("/public/towns/{t}/report-photos", slug).contentType(MediaType.IMAGE_JPEG);
        if (proof != null) {
            request = request.header("X-Phone-Proof", proof);
        }
        return request.bodyValue(bytes).exchange();
    }

    private String photoId(String slug, String proof, byte[] bytes) {
        return photo(slug, proof, bytes).expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
    }

    private WebTestClient.ResponseSpec report(Town town, String proof, String key, List<String> photos) {
        return anonymous().post().uri("/public/towns/{t}/reports", town.slug()).header("X-Phone-Proof", proof).header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "SERVICE_REQUEST", "categoryCode", "repairs", "estateId", town.estateId(), "place", "3号楼2单元501",
                        "description", "厨房水管漏水", "photoIds", photos))
                .exchange();
    }
}
