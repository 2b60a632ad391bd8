using System.Net;
using System.Text.Json;

namespace WebApiSample.Tests.Infrastructure;

/// <summary>Asserts RFC 9457 problem responses.</summary>
public static class Problem
{
    /// <summary>
    /// Asserts <paramref name="response"/> is an <c>application/problem+json</c> with
    /// <paramref name="status"/> and, when <paramref name="field"/> is given, that it names the field:
    /// as a key of <c>errors</c> (validation problems) or in <c>detail</c>.
    /// </summary>
    /// <returns>The problem document.</returns>
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} {status}, got {(int)response.StatusCode} {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        if (field is not null)
        {
            var named = problem.TryGetProperty("errors", out var errors)
                ? errors.EnumerateObject().Select(e => e.Name).ToArray()
                : [];
            var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
            Assert.True(
                named.Contains(field) || detail.Contains(field, StringComparison.Ordinal),
                $"The problem does not name '{field}': {text}");
        }

        return problem;
    }
}
