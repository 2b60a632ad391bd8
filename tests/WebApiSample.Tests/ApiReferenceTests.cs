using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using WebApiSample.Tests.Infrastructure;

namespace WebApiSample.Tests;

/// <summary>The API reference page at <c>/docs</c>, as a developer opens it in a real browser.</summary>
public sealed class ApiReferenceTests
{
    [Fact]
    public async Task The_docs_page_renders_every_route_in_a_real_browser()
    {
        await using var app = await SampleApp.StartAsync("InMemory", useKestrel: true);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        using (var http = new HttpClient { BaseAddress = address })
        using (var redirect = await http.GetAsync("/docs"))
        {
            Assert.Equal(HttpStatusCode.OK, redirect.StatusCode); // /docs redirects to /docs/, which HttpClient follows
        }

        var page = new Uri(address, "/docs/");
        // Scalar breaks long words with <wbr> tags.
        var dom = WebUtility.HtmlDecode((await HeadlessChromium.DumpDomAsync(page)).Replace("<wbr>", "", StringComparison.Ordinal));

        // The page is built by script from /openapi/v1.json: every operation's path and summary
        // appear only if the browser loaded the document and rendered it.
        using var openApi = JsonDocument.Parse(await new HttpClient { BaseAddress = address }.GetStringAsync("/openapi/v1.json"));
        var operations = openApi.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Path: path.Name, Summary: operation.Value.GetProperty("summary").GetString()!)))
            .ToArray();
        Assert.Equal(11, operations.Length); // the API's ten and, in Development, POST /dev/tokens
        foreach (var (path, summary) in operations)
        {
            Assert.Contains(path, dom, StringComparison.Ordinal);
            Assert.Contains(summary.Split('`')[0], dom, StringComparison.Ordinal); // up to the first `code`, which renders as markup
        }

        // The page offers to send a bearer token (the document's security scheme), so secured routes can be tried.
        Assert.Contains("Bearer", dom, StringComparison.Ordinal);
        Assert.Contains("is the user id", dom, StringComparison.Ordinal);

        var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "docs-page.png");
        await HeadlessChromium.ScreenshotAsync(page, screenshot);
        Assert.True(new FileInfo(screenshot).Length > 10_000, $"{screenshot} is nearly empty");
    }
}
