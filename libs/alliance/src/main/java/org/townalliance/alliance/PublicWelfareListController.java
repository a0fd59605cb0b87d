package org.townalliance.alliance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import org.townalliance.tenancy.PublicTowns;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * The published public-welfare list for residents: no login, a stable URL per town, JSON and a
 * printable page; every published version stays readable.
 */
@RestController
@Tag(name = "Public", description = "No login needed")
class PublicWelfareListController {

    private final PublicTowns towns;

    PublicWelfareListController(PublicTowns towns) {
        this.towns = towns;
    }

    @GetMapping(path = "/public/towns/{town}/public-welfare-list", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The latest published public-welfare list (公益服务清单)")
    Mono<WelfareList.Version> latest(@PathVariable String town) {
        return towns.open(town).flatMap(t -> WelfareList.published(t.dsl(), null));
    }

    @GetMapping(path = "/public/towns/{town}/public-welfare-list/versions", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<List<Integer>> versions(@PathVariable String town) {
        return towns.open(town).flatMap(t -> WelfareList.versions(t.dsl()));
    }

    @GetMapping(path = "/public/towns/{town}/public-welfare-list/versions/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<WelfareList.Version> version(@PathVariable String town, @PathVariable int version) {
        return towns.open(town).flatMap(t -> WelfareList.published(t.dsl(), version));
    }

    @GetMapping(path = "/public/towns/{town}/public-welfare-list.html", produces = MediaType.TEXT_HTML_VALUE)
    @Operation(summary = "The latest list as a printable page")
    Mono<String> page(@PathVariable String town) {
        return towns.open(town).flatMap(t -> WelfareList.published(t.dsl(), null).map(v -> html(t.town().nameZh(), v)));
    }

    @GetMapping(path = "/public/towns/{town}/public-welfare-list/versions/{version}.html", produces = MediaType.TEXT_HTML_VALUE)
    Mono<String> versionPage(@PathVariable String town, @PathVariable int version) {
        return towns.open(town).flatMap(t -> WelfareList.published(t.dsl(), version).map(v -> html(t.town().nameZh(), v)));
    }

    private static String html(String townName, WelfareList.Version version) {
        var rows = new StringBuilder();
        for (var item : version.items()) {
            rows.append("<tr><td>").append(item.number()).append("</td><td>").append(e(item.name()))
                    .append("<div class=d>").append(e(item.description())).append("</div></td><td>").append(e(item.provider()))
                    .append("</td><td>").append(e(item.schedule())).append("</td><td>").append(e(item.eligibility()))
                    .append("</td><td>").append(item.price() == null ? "免费" : e(item.price().toPlainString() + " 元"
                            + (item.unit() == null ? "" : "/" + item.unit()))).append("</td></tr>\n");
        }
        return """
                <!doctype html>
                <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <link rel="icon" href="data:,"><title>%s %s</title>
                <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%%}
                td,th{border:1px solid #999;padding:.4em;vertical-align:top}.d{color:#555;font-size:.9em}
                @media print{body{margin:0}}</style></head><body>
                <h1>%s</h1><p>%s · 第 %d 版 · 发布于 %s</p>
                <table><thead><tr><th>序号</th><th>服务项目</th><th>提供单位</th><th>服务时间</th><th>服务对象</th><th>收费</th></tr></thead>
                <tbody>
                %s</tbody></table></body></html>
                """.formatted(e(townName), e(version.title()), e(version.title()), e(townName), version.version(),
                version.publishedAt().toLocalDate(), rows);
    }

    private static String e(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
