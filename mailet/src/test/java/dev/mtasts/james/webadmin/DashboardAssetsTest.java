package dev.mtasts.james.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The page's files are in the jar, and the page obeys its own Content-Security-Policy. */
class DashboardAssetsTest {
    @Test
    void shouldFindEveryAssetOnTheClassPathWhenTheWebJarVersionChanges() {
        MtaStsDashboardRoutes.ASSETS.forEach((name, asset) ->
            assertThat(MtaStsDashboardRoutes.resource(asset[0])).as(name).isNotBlank());
    }

    @Test
    void shouldHaveNoInlineScriptOrStyleAndNoRemoteUrlWhenThePolicyForbidsThem() {
        String page = MtaStsDashboardRoutes.resource("dev/mtasts/james/webadmin/dashboard/index.html");

        assertThat(page).doesNotContain("<script>").doesNotContain("<style").doesNotContain(" style=")
            .doesNotContain("onclick").doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
        assertThat(MtaStsDashboardRoutes.CONTENT_SECURITY_POLICY).contains("default-src 'none'")
            .contains("script-src 'self'").doesNotContain("unsafe");
    }

    @Test
    void shouldNeverInsertDataAsHtmlWhenTheScriptBuildsThePage() {
        String script = MtaStsDashboardRoutes.resource("dev/mtasts/james/webadmin/dashboard/dashboard.js");

        assertThat(script).doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
            .doesNotContain("document.write").doesNotContain("eval(");
    }
}
